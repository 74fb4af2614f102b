using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// Combining: when a step of a debtor's invoice goes out, the debtor's other invoices whose next step falls due within
/// the combine window (1 hour by default) ride along in one message per channel.
/// </summary>
[Collection(OutboxMessagingCollection.Name)]
public sealed class CombinedMessageTests(OutboxAppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task Combined_SecondInvoiceDueWithinTheWindow_RidesInTheFirstsMessageOnePerChannelListingBoth()
    {
        // Both on one PT4S policy; the second opened two seconds after the first, so its step is due two seconds after
        // the first's: well within the window when the first goes out, and late enough not to go out on its own first.
        var policy = Ids.NewPolicyName("combined");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT4S"));
        var debtor = TestDebtor.Mexican();
        var first = debtor.Invoice(policy, "CMB");
        var second = debtor.Invoice(policy, "CMB");
        var opened = await Api.OpenCaseAsync(first);
        await Eventually.Until(opened.OpenedAt + TimeSpan.FromSeconds(2));
        await Api.OpenCaseAsync(second);

        var leader = await fixture.WaitForStepSettledAsync(first.InvoiceId, 1);
        var rider = await fixture.WaitForStepSettledAsync(second.InvoiceId, 1);

        // The first's own timer fired its step; the second's step fired because it was taken into the first's message.
        Assert.Null(Assert.Single(leader.Entries("stepFired")).Details.Text("combinedWith"));
        var riderStep = Assert.Single(rider.Entries("stepFired"));
        Assert.Equal((first.InvoiceId, "combined"), (riderStep.Details.Text("combinedWith"), riderStep.Details.Text("cause")));
        await AssertOneCombinedMessagePerChannelAsync(leader, rider);
    }

    [Fact]
    public async Task Combined_TwoInvoicesOfOneDebtorOpenedTogether_StepGoesOutAsOneMessagePerChannelListingBoth()
    {
        var policy = Ids.NewPolicyName("together");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT2S"));
        var debtor = TestDebtor.Mexican();
        var bodies = new[] { debtor.Invoice(policy, "CMB"), debtor.Invoice(policy, "CMB") };
        await Task.WhenAll(bodies.Select(b => Api.OpenCaseAsync(b)));

        var cases = new List<CaseDto>();
        foreach (var body in bodies)
        {
            cases.Add(await fixture.WaitForStepSettledAsync(body.InvoiceId, 1));
        }

        // Whichever went first carried the other: the other's step fired on its own timer and its messages then rode
        // along (messagesCombined), or it fired because it was combined (stepFired combinedWith).
        var leader = Assert.Single(cases, c => CombinedWith(c) is null);
        var rider = Assert.Single(cases, c => c != leader);
        Assert.Equal(leader.InvoiceId, CombinedWith(rider));
        await AssertOneCombinedMessagePerChannelAsync(leader, rider);
    }

    [Fact]
    public async Task Combined_TwoStepsOfOneInvoiceDueWithinTheWindow_AreSentAsSeparateMessages()
    {
        // Step 2 falls due one second after step 1 went out, well within the hour's window: it still goes on its own.
        var policy = Ids.NewPolicyName("steps");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "PT1S").OnChannels(1, "email").OnChannels(2, "email"));
        var body = TestDebtor.Mexican().Invoice(policy, "CMB");
        await Api.OpenCaseAsync(body);

        var c = await fixture.WaitForStepSettledAsync(body.InvoiceId, 2);

        Assert.Equal(["1-email.json", "2-email.json"], await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
        var outbox = await fixture.Storage.OutboxAsync(body.InvoiceId);
        Assert.Equal($"Recordatorio: factura {c.InvoiceNumber} vencida", outbox["1-email.json"].Message.Subject);
        Assert.Equal($"Segundo recordatorio: factura {c.InvoiceNumber} pendiente de pago", outbox["2-email.json"].Message.Subject);
        Assert.Equal(1, Occurrences(outbox["1-email.json"].Message.Body, c.InvoiceNumber!));
        Assert.Equal(1, Occurrences(outbox["2-email.json"].Message.Body, c.InvoiceNumber!));
        Assert.All(c.Entries("stepFired"), h => Assert.Null(h.Details.Text("combinedWith")));
        Assert.True(c.Message("1-email").SentAt < c.Message("2-email").SentAt);
    }

    /// <summary>The invoice whose message carried this case's step 1, from its history.</summary>
    private static string? CombinedWith(CaseDto c) =>
        c.Entries("stepFired").Concat(c.Entries("messagesCombined")).Select(h => h.Details.Text("combinedWith")).FirstOrDefault(l => l is not null);

    /// <summary>
    /// One message per channel for the step, in the leader's outbox only, with the combined text listing both invoices
    /// once each and their total; both cases show those messages sent.
    /// </summary>
    private async Task AssertOneCombinedMessagePerChannelAsync(CaseDto leader, CaseDto rider)
    {
        Assert.Equal(["1-email.json", "1-sms.json"], await fixture.Storage.OutboxNamesAsync(leader.InvoiceId));
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(rider.InvoiceId));
        var outbox = await fixture.Storage.OutboxAsync(leader.InvoiceId);
        var email = outbox["1-email.json"].Message;
        var sms = outbox["1-sms.json"].Message;
        Assert.Equal("Estado de cuenta: 2 facturas vencidas", email.Subject);
        foreach (var number in new[] { leader.InvoiceNumber!, rider.InvoiceNumber! })
        {
            Assert.Equal(1, Occurrences(email.Body, $"- Factura {number}: saldo de $1,234.50 MXN"));
            Assert.Equal(1, Occurrences(sms.Body, number));
        }

        Assert.Contains("Total pendiente: $2,469.00 MXN", email.Body);
        Assert.Contains("tiene 2 facturas vencidas", sms.Body);
        foreach (var c in new[] { leader, rider })
        {
            Assert.Equal(
                [("1-email", "sent", email.Subject, email.Body), ("1-sms", "sent", "", sms.Body)],
                c.Messages!.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m.Id, m.Status, m.Subject ?? "", m.Body)));
        }
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
