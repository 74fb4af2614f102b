using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// The weekly cap across a debtor's invoices: contact rules allowing every hour of every day but one contact in 7 days,
/// on a two-step PT1S ladder by email only.
/// </summary>
[Collection(OutboxMessagingCollection.Name)]
public sealed class WeeklyCapTests(OutboxAppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task WeeklyCap_OfOne_FirstStepIsSentAndSecondIsDeferredSevenDays()
    {
        var (policy, debtor) = await CapOfOneAsync();
        var body = debtor.Invoice(policy, "CAP");
        await Api.OpenCaseAsync(body);

        var c = await fixture.WaitForCaseAsync(body.InvoiceId,
            x => x.StepMessages(2).Any(m => m.Status == "deferred"), "step 2 deferred");

        var first = c.Message("1-email");
        Assert.Equal(("sent", "deferred"), (first.Status, c.Message("2-email").Status));
        var deferral = Assert.Single(c.Entries("messageDeferred"));
        Assert.Equal("2-email", deferral.Details.Text("messageId"));
        Assert.Contains("limit of 1 contacts in 7 days", deferral.Details.Text("reason"));
        var until = deferral.Details.GetProperty("until").GetDateTimeOffset();
        // The slot frees 7 days after the first contact, which was taken just before the first message went out.
        Assert.InRange(until, first.SentAt!.Value.AddDays(7).AddMinutes(-1), first.SentAt!.Value.AddDays(7));
        Assert.Equal(until, c.NextActionAt);

        Assert.Equal(["1-email.json"], await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
    }

    [Fact]
    public async Task WeeklyCap_SecondInvoiceOfTheSameDebtor_CountsAgainstTheSameCap()
    {
        var (policy, debtor) = await CapOfOneAsync();
        var firstInvoice = debtor.Invoice(policy, "CAP");
        await Api.OpenCaseAsync(firstInvoice);
        var first = await fixture.WaitForCaseAsync(firstInvoice.InvoiceId, x => x.Sent.Any(m => m.Id == "1-email"), "step 1 sent");

        var secondInvoice = debtor.Invoice(policy, "CAP");
        await Api.OpenCaseAsync(secondInvoice);
        var second = await fixture.WaitForCaseAsync(secondInvoice.InvoiceId,
            x => x.StepMessages(1).Any(m => m.Status == "deferred"), "the second invoice's step 1 deferred");

        var deferral = Assert.Single(second.Entries("messageDeferred"));
        Assert.Equal("1-email", deferral.Details.Text("messageId"));
        Assert.Contains("limit of 1 contacts in 7 days", deferral.Details.Text("reason"));
        var sentAt = first.Message("1-email").SentAt!.Value;
        Assert.InRange(deferral.Details.GetProperty("until").GetDateTimeOffset(), sentAt.AddDays(7).AddMinutes(-1), sentAt.AddDays(7));

        // One message to this debtor in all: the first invoice's step 1.
        Assert.Equal(["1-email.json"], await fixture.Storage.OutboxNamesAsync(firstInvoice.InvoiceId));
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(secondInvoice.InvoiceId));
    }

    /// <summary>A cap-of-one policy and a new debtor in a zone where it is not the day's last minute (23:59 is outside "00:00-23:59").</summary>
    private async Task<(string Policy, TestDebtor Debtor)> CapOfOneAsync()
    {
        var (zone, _, _) = FixedZones.First(l => l.TimeOfDay < new TimeSpan(23, 50, 0));
        var policy = Ids.NewPolicyName("cap");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "PT1S")
            .OnChannels(1, "email").OnChannels(2, "email")
            .WithContactRules("00:00-23:59", "Mon-Sun", 1));
        return (policy, TestDebtor.Mexican().InZone(zone));
    }
}
