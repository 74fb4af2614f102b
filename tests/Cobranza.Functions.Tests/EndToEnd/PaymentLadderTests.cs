using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.EndToEnd;

/// <summary>A policy whose first step comes after one second and the second three seconds after that (e-mail only).</summary>
public sealed class PaymentLadderFixture : AppFixture
{
    public const string Policy = "paying";

    /// <summary>How long after step 1 was sent step 2 is due.</summary>
    public static readonly TimeSpan SecondWait = TimeSpan.FromSeconds(3);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.PutPolicyAsync(Policy, PolicyBody.WithWaits("PT1S", "PT3S", "PT1S").OnChannels(1, "email").OnChannels(2, "email").OnChannels(3, "email"));
    }

    /// <summary>Opens a 100.00 USD case on the policy and waits until its first message was sent.</summary>
    public async Task<CaseDto> OpenAndWaitForFirstMessageAsync()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("PAY")).OnPolicy(Policy));
        return await Api.WaitForCaseAsync(opened.InvoiceId, c => c.Sent.Any(m => m.Id == "1-email"), "step 1 sent");
    }
}

public sealed class PaymentLadderTests(PaymentLadderFixture fixture) : IClassFixture<PaymentLadderFixture>
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task Payment_FullBalanceMidLadder_ClosesCaseAsPaidAndNoLaterMessageIsSent()
    {
        var c = await fixture.OpenAndWaitForFirstMessageAsync();
        var step2DueAt = c.Messages!.Single(m => m.Id == "1-email").SentAt!.Value + PaymentLadderFixture.SecondWait;

        var payment = await Api.PayAsync(PaymentBody.For(c.InvoiceId, 100.00m));

        Assert.Equal("applied", payment.Status);
        var paid = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(("closed", "paid", 0m, (DateTimeOffset?)null), (paid.State, paid.ClosedReason, paid.Balance, paid.NextActionAt));

        await Eventually.Until(step2DueAt + TimeSpan.FromSeconds(2));
        var later = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(["1-email"], later.Messages!.Select(m => m.Id));
        Assert.Equal(["1-email.json"], await fixture.Storage.OutboxNamesAsync(c.InvoiceId));
        Assert.Equal(1, later.Count("stepFired"));
        Assert.Equal(("closed", "paid"), (later.State, later.ClosedReason));
    }

    [Fact]
    public async Task Payment_Partial_LowersBalanceAndLadderContinuesWithTheNewBalance()
    {
        var c = await fixture.OpenAndWaitForFirstMessageAsync();

        await Api.PayAsync(PaymentBody.For(c.InvoiceId, 40.00m));

        var afterPayment = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(("active", 60.00m, 0m), (afterPayment.State, afterPayment.Balance, afterPayment.Overpayment));
        var next = await Api.WaitForCaseAsync(c.InvoiceId, x => x.Sent.Any(m => m.Id == "2-email"), "step 2 sent after the partial payment");
        Assert.Contains("60.00 USD", next.Sent.Single(m => m.Id == "2-email").Body);
        Assert.Contains("2-email.json", await fixture.Storage.OutboxNamesAsync(c.InvoiceId));
        Assert.Equal(40.00m, Assert.Single(next.Payments).Applied);
    }

    [Fact]
    public async Task Payment_MoreThanBalance_RecordsOverpaymentWithBalanceZeroAndClosesCase()
    {
        var c = await fixture.OpenAndWaitForFirstMessageAsync();

        await Api.PayAsync(PaymentBody.For(c.InvoiceId, 130.00m));

        var paid = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(("closed", "paid", 0m, 30.00m), (paid.State, paid.ClosedReason, paid.Balance, paid.Overpayment));
        var recorded = Assert.Single(paid.Payments);
        Assert.Equal((130.00m, 100.00m), (recorded.Amount, recorded.Applied));
    }
}
