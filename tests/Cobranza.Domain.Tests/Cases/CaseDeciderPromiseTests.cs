using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderPromiseTests
{
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-10T15:00:00Z");
    private static readonly DateOnly _friday = new(2025, 3, 14);

    /// <summary>Start of 2025-03-15 in Santiago (03:00 UTC) plus the default P2D.</summary>
    private static readonly DateTimeOffset _fridayDeadline = At.Utc("2025-03-17T03:00:00Z");

    [Fact]
    public void RecordPromise_OnActiveCase_PromisedWithTimerAtEndOfDayPlusGrace()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, null, "Paga el viernes"), _now);

        var promised = outcome.AssertChanged();
        Assert.Equal(CaseState.Promised, promised.State);
        Assert.Equal(
            new PaymentPromise(_friday, null, "Paga el viernes", _now, _fridayDeadline, 150_000m, 0m, PaymentPromise.Pending),
            promised.Promise);
        outcome.AssertTimer("promise", _fridayDeadline);
        Assert.Equal(["promiseRecorded"], outcome.HistoryTypes());
    }

    [Fact]
    public void RecordPromise_PolicyWithOwnGrace_DeadlineUsesThatGrace()
    {
        var policy = PolicyBuilder.Standard().WithPromiseGrace("PT12H").Build();
        var @case = new CaseBuilder().WithPolicy(policy).SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, null, null), _now);

        outcome.AssertTimer("promise", At.Utc("2025-03-15T15:00:00Z"));
    }

    [Fact]
    public void RecordPromise_ForTodayInDebtorZoneWhileUtcIsTomorrow_Accepted()
    {
        // 02:00 UTC on the 10th is 23:00 on the 9th in Santiago: the 9th is still today for the debtor.
        var @case = new CaseBuilder().Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(new DateOnly(2025, 3, 9), null, null), At.Utc("2025-03-10T02:00:00Z"));

        Assert.Equal(CaseState.Promised, outcome.AssertChanged().State);
    }

    [Fact]
    public void RecordPromise_ForYesterdayInDebtorZoneWhileUtcIsToday_RejectedInvalidOnPromisedOn()
    {
        // 23:30 UTC on the 9th is already 00:30 on the 10th in Madrid.
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().InZone(DebtorBuilder.Madrid)).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(new DateOnly(2025, 3, 9), null, null), At.Utc("2025-03-09T23:30:00Z"));

        var rejection = outcome.AssertRejected(RejectionKind.Invalid);
        Assert.Equal("promisedOn", rejection.Field);
    }

    [Fact]
    public void RecordPromise_MoreThan366DaysAhead_RejectedInvalidOnPromisedOn()
    {
        var @case = new CaseBuilder().Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(new DateOnly(2026, 3, 12), null, null), _now);

        Assert.Equal("promisedOn", outcome.AssertRejected(RejectionKind.Invalid).Field);
    }

    [Theory]
    [InlineData(150_001)]
    [InlineData(0)]
    [InlineData(-1)]
    public void RecordPromise_AmountNotWithinBalance_RejectedInvalidOnAmount(int amount)
    {
        var @case = new CaseBuilder().WithAmount(150_000m).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, amount, null), _now);

        Assert.Equal("amount", outcome.AssertRejected(RejectionKind.Invalid).Field);
    }

    [Fact]
    public void RecordPromise_AmountAboveReducedBalance_RejectedInvalidOnAmount()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).WithPayment("PAY-1", 100_000m, _now.AddDays(-1)).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, 60_000m, null), _now);

        Assert.Equal("amount", outcome.AssertRejected(RejectionKind.Invalid).Field);
    }

    [Fact]
    public void RecordPromise_AmountEqualToBalance_Accepted()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, 150_000m, null), _now);

        Assert.Equal(150_000m, outcome.AssertChanged().Promise!.Target);
    }

    [Fact]
    public void RecordPromise_OnPromisedCase_ReplacesThePendingPromise()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();
        var monday = new DateOnly(2025, 3, 17);

        var outcome = CaseDecider.Decide(@case, new RecordPromise(monday, 50_000m, null), _now);

        var promised = outcome.AssertChanged();
        Assert.Equal(monday, promised.Promise!.PromisedOn);
        Assert.Equal(50_000m, promised.Promise.Target);
        Assert.Equal(["promiseReplaced", "promiseRecorded"], outcome.HistoryTypes());
        outcome.AssertTimer("promise", At.Utc("2025-03-20T03:00:00Z"));
    }

    [Fact]
    public void ReceivePayment_PromisedAmountBeforeDeadline_KeepsPromiseAndReschedulesTheLadder()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();
        var paidAt = At.Utc("2025-03-12T15:00:00Z");

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", paidAt), paidAt);

        var kept = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, kept.State);
        Assert.Equal(PaymentPromise.Kept, kept.Promise!.Status);
        Assert.Equal(100_000m, kept.Balance);
        Assert.Equal(["paymentReceived", "promiseKept"], outcome.HistoryTypes());
        // Step 2 is still due P7D after step 1 was sent.
        outcome.AssertTimer("step:2", At.Utc("2025-03-13T13:05:00Z"));
    }

    [Fact]
    public void ReceivePayment_PromisedAmountKeptAfterNextStepWasDue_SchedulesNextStepNow()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();
        var paidAt = At.Utc("2025-03-15T15:00:00Z");

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", paidAt), paidAt);

        outcome.AssertTimer("step:2", paidAt);
    }

    [Fact]
    public void ReceivePayment_InstalmentsReachingPromisedAmount_KeepPromise()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();
        @case = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 20_000m, "CLP", _now), _now).State;

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-2", 30_000m, "CLP", _now.AddDays(1)), _now.AddDays(1));

        var kept = outcome.AssertChanged();
        Assert.Equal(PaymentPromise.Kept, kept.Promise!.Status);
        Assert.Equal(50_000m, kept.Promise.PaidSoFar);
        Assert.Equal(CaseState.Active, kept.State);
    }

    [Fact]
    public void ReceivePayment_LessThanPromised_StaysPromisedAndKeepsDeadline()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 20_000m, "CLP", _now), _now);

        var promised = outcome.AssertChanged();
        Assert.Equal(CaseState.Promised, promised.State);
        Assert.Equal(PaymentPromise.Pending, promised.Promise!.Status);
        Assert.Equal(20_000m, promised.Promise.PaidSoFar);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
        Assert.Equal(_fridayDeadline, promised.NextActionAt);
    }

    [Fact]
    public void ReceivePayment_WholeBalanceWhilePromised_KeepsPromiseAndClosesAsPaid()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150_000m, "CLP", _now), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
        Assert.Equal(PaymentPromise.Kept, closed.Promise!.Status);
        Assert.Equal(["paymentReceived", "promiseKept", "closed"], outcome.HistoryTypes());
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void ReceivePayment_PromisedAmountAfterDeadline_DoesNotKeepPromise()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();
        var late = _fridayDeadline.AddMinutes(1);

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", late), late);

        var promised = outcome.AssertChanged();
        Assert.Equal(PaymentPromise.Pending, promised.Promise!.Status);
        Assert.DoesNotContain("promiseKept", outcome.HistoryTypes());
    }

    [Fact]
    public void FireTimer_PromiseDeadlineUnpaid_BreaksPromiseAndFiresNextStepInTheSameOutcome()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("promise", _fridayDeadline), _fridayDeadline);

        var broken = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, broken.State);
        Assert.Equal(PaymentPromise.Broken, broken.Promise!.Status);
        Assert.Equal(2, broken.CurrentStep);
        Assert.Equal(["2-email", "2-sms"], outcome.Sends().Select(s => s.MessageId));
        Assert.Equal(["promiseBroken", "stepFired"], outcome.HistoryTypes());
        Assert.Equal("promiseBroken", outcome.Event("stepFired").Details["cause"]);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void FireTimer_PromiseDeadlineUnpaidAfterLastStep_HandsOff()
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-06T13:05:00Z")).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("promise", _fridayDeadline), _fridayDeadline);

        var handedOff = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, handedOff.State);
        Assert.Equal(HandoffTarget.Legal, handedOff.HandedOffTo);
        Assert.Equal(new HandOver(HandoffTarget.Legal), Assert.Single(outcome.Effects));
        Assert.Equal(["promiseBroken", "handedOff"], outcome.HistoryTypes());
    }

    [Fact]
    public void FireTimer_PromiseTimerAfterPromiseKept_Unchanged()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Build();
        @case = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", _now), _now).State;

        var outcome = CaseDecider.Decide(@case, new FireTimer("promise", _fridayDeadline), _fridayDeadline);

        outcome.AssertUnchanged();
    }

    [Fact]
    public void FireTimer_StepTagWhilePromised_Unchanged()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", At.Utc("2025-03-13T13:05:00Z")), At.Utc("2025-03-13T13:05:00Z"));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void RecordPromise_AmountFinerThanCurrencyAllows_RejectedInvalidOnAmount()
    {
        // CLP has no minor unit: a promise of 500.5 CLP cannot be paid.
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new RecordPromise(_friday, 500.5m, null), _now);

        Assert.Equal("amount", outcome.AssertRejected(RejectionKind.Invalid).Field);
    }

    [Fact]
    public void FireTimer_PromiseTagBeforeTheDeadline_Unchanged()
    {
        // Only the deadline breaks a promise: an older promise timer (from a replaced promise) changes nothing.
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("promise", _now), _now);

        outcome.AssertUnchanged();
    }

    [Fact]
    public void ReceivePayment_FullBalanceAfterDeadlineBeforeTimer_ClosedPaidWithPromiseBroken()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();
        var late = _fridayDeadline.AddHours(1);

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("pay-late", CaseBuilder.Amount, CaseBuilder.Currency, late), late);

        var closed = outcome.AssertChanged();
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
        Assert.Equal(PaymentPromise.Broken, closed.Promise!.Status);
        Assert.Equal(["paymentReceived", "promiseBroken", "closed"], outcome.HistoryTypes());
    }
}
