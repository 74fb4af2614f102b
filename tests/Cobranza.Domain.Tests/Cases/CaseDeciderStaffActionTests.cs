using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderStaffActionTests
{
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");
    private static readonly DateTimeOffset _stepTwoDue = At.Utc("2025-03-13T13:05:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-10T15:00:00Z");
    private static readonly DateOnly _friday = new(2025, 3, 14);
    private static readonly DateTimeOffset _fridayDeadline = At.Utc("2025-03-17T03:00:00Z");

    [Fact]
    public void Escalate_NextFromActive_FiresNextStepNow()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(EscalationTarget.Next, "No contesta"), _now);

        var escalated = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, escalated.State);
        Assert.Equal(2, escalated.CurrentStep);
        Assert.Equal(["2-email", "2-sms"], outcome.Sends().Select(s => s.MessageId));
        Assert.Equal(["escalated", "stepFired"], outcome.HistoryTypes());
        outcome.AssertTimerCleared();
    }

    [Theory]
    [InlineData(HandoffTarget.Legal)]
    [InlineData(HandoffTarget.Agency)]
    public void Escalate_NextAtLastStep_HandsOffToPolicyTarget(HandoffTarget target)
    {
        var policy = PolicyBuilder.Standard().HandingOffTo(target).Build();
        var @case = new CaseBuilder().WithPolicy(policy).SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(EscalationTarget.Next, null), At.Utc("2025-03-28T13:00:00Z"));

        var handedOff = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, handedOff.State);
        Assert.Equal(target, handedOff.HandedOffTo);
        Assert.Equal(new HandOver(target), Assert.Single(outcome.Effects));
        outcome.AssertTimerCleared();
    }

    [Theory]
    [InlineData(EscalationTarget.Legal, HandoffTarget.Legal)]
    [InlineData(EscalationTarget.Agency, HandoffTarget.Agency)]
    public void Escalate_ToLegalOrAgency_HandsOffThereNowWhateverThePolicySays(EscalationTarget to, HandoffTarget expected)
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(to, "Monto alto"), _now);

        var handedOff = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, handedOff.State);
        Assert.Equal(expected, handedOff.HandedOffTo);
        Assert.Equal(new HandOver(expected), Assert.Single(outcome.Effects));
        Assert.Equal(1, handedOff.CurrentStep);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void Escalate_NextFromPromised_WithdrawsPromiseAndFiresNextStep()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(EscalationTarget.Next, null), _now);

        var escalated = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, escalated.State);
        Assert.Equal(PaymentPromise.Withdrawn, escalated.Promise!.Status);
        Assert.Equal(2, escalated.CurrentStep);
        Assert.Equal(["promiseWithdrawn", "escalated", "stepFired"], outcome.HistoryTypes());
    }

    [Fact]
    public void Escalate_NextFromPaused_ActiveAgainAndNextStepFires()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(EscalationTarget.Next, null), _now);

        var escalated = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, escalated.State);
        Assert.Null(escalated.PausedFrom);
        Assert.Equal(2, outcome.Sends().Length);
    }

    [Theory]
    [InlineData(EscalationTarget.Next)]
    [InlineData(EscalationTarget.Legal)]
    public void Escalate_HandedOffCase_RejectedInvalidStateNamingHandoff(EscalationTarget to)
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).HandedOff(HandoffTarget.Legal).Build();

        var outcome = CaseDecider.Decide(@case, new Escalate(to, null), _now.AddDays(40));

        var rejection = outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Contains("handed off to legal", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pause_ActiveCase_PausedWithTimerCleared()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new Pause("Disputa de factura"), _now);

        var paused = outcome.AssertChanged();
        Assert.Equal(CaseState.Paused, paused.State);
        Assert.Equal(CaseState.Active, paused.PausedFrom);
        Assert.Equal("Disputa de factura", outcome.Event("paused").Details["reason"]);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void Pause_PromisedCase_RemembersPromisedAndKeepsPromisePending()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new Pause(null), _now);

        var paused = outcome.AssertChanged();
        Assert.Equal(CaseState.Promised, paused.PausedFrom);
        Assert.Equal(PaymentPromise.Pending, paused.Promise!.Status);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void Pause_PausedCase_RejectedInvalidStateNamingPaused()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new Pause(null), _now);

        var rejection = outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Contains("paused", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_BeforeNextStepWasDue_SchedulesItAtItsOriginalTime()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new Resume(), _now);

        var resumed = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, resumed.State);
        Assert.Null(resumed.PausedFrom);
        Assert.Empty(outcome.Effects);
        outcome.AssertTimer("step:2", _stepTwoDue);
    }

    [Fact]
    public void Resume_AfterNextStepWasDue_SchedulesItNow()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();
        var later = At.Utc("2025-03-20T12:00:00Z");

        var outcome = CaseDecider.Decide(@case, new Resume(), later);

        outcome.AssertTimer("step:2", later);
    }

    [Fact]
    public void Resume_PausedFromPromisedBeforeDeadline_BackToPromisedWithPromiseTimer()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new Resume(), At.Utc("2025-03-15T12:00:00Z"));

        var resumed = outcome.AssertChanged();
        Assert.Equal(CaseState.Promised, resumed.State);
        Assert.Equal(PaymentPromise.Pending, resumed.Promise!.Status);
        Assert.Empty(outcome.Effects);
        outcome.AssertTimer("promise", _fridayDeadline);
    }

    [Fact]
    public void Resume_PausedFromPromisedAfterDeadline_BreaksPromiseAndFiresNextStep()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new Resume(), At.Utc("2025-03-18T12:00:00Z"));

        var resumed = outcome.AssertChanged();
        Assert.Equal(CaseState.Active, resumed.State);
        Assert.Equal(PaymentPromise.Broken, resumed.Promise!.Status);
        Assert.Equal(2, resumed.CurrentStep);
        Assert.Equal(["2-email", "2-sms"], outcome.Sends().Select(s => s.MessageId));
        Assert.Equal(["resumed", "promiseBroken", "stepFired"], outcome.HistoryTypes());
    }

    [Fact]
    public void Resume_PausedFromPromisedThenPromiseKept_BackToActive()
    {
        // The promise was kept during the pause with a balance left: the case resumes the ladder, not the promise.
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Promised(_friday, 50_000m).Paused().Build();
        @case = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", _now), _now).State;

        var outcome = CaseDecider.Decide(@case, new Resume(), _now.AddHours(1));

        Assert.Equal(CaseState.Active, outcome.AssertChanged().State);
        outcome.AssertTimer("step:2", _stepTwoDue);
    }

    [Theory]
    [MemberData(nameof(NotClosedStates))]
    public void Cancel_NotClosedCase_ClosesAsCancelledAndClearsTimer(CaseState state)
    {
        var @case = CaseIn(state);

        var outcome = CaseDecider.Decide(@case, new Cancel("Nota de crédito emitida"), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Cancelled, closed.ClosedReason);
        Assert.Equal(_now, closed.ClosedAt);
        Assert.Equal("cancelled", outcome.Event("closed").Details["reason"]);
        outcome.AssertTimerCleared();
    }

    [Theory]
    [MemberData(nameof(NotClosedStates))]
    public void WriteOff_NotClosedCase_ClosesAsWrittenOffKeepingTheBalance(CaseState state)
    {
        var @case = CaseIn(state);

        var outcome = CaseDecider.Decide(@case, new WriteOff("Incobrable"), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.WrittenOff, closed.ClosedReason);
        Assert.Equal(150_000m, closed.Balance);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void Cancel_PromisedCase_WithdrawsThePromise()
    {
        var @case = new CaseBuilder().Promised(_friday).Build();

        var outcome = CaseDecider.Decide(@case, new Cancel(null), _now);

        Assert.Equal(PaymentPromise.Withdrawn, outcome.AssertChanged().Promise!.Status);
        Assert.Equal(["promiseWithdrawn", "closed"], outcome.HistoryTypes());
    }

    [Fact]
    public void Cancel_ClosedCase_RejectedInvalidStateNamingClosed()
    {
        var @case = new CaseBuilder().Closed(ClosedReason.Paid).Build();

        var outcome = CaseDecider.Decide(@case, new Cancel(null), _now);

        var rejection = outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Contains("closed", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteOff_ClosedCase_RejectedInvalidStateNamingClosed()
    {
        var @case = new CaseBuilder().Closed(ClosedReason.Cancelled).Build();

        var outcome = CaseDecider.Decide(@case, new WriteOff(null), _now);

        var rejection = outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Contains("closed", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void AddNote_AnyState_RecordsNoteAndChangesNothingElse(CaseState state)
    {
        var @case = CaseIn(state);

        var outcome = CaseDecider.Decide(@case, new AddNote("Llamó el contador"), _now);

        var noted = outcome.AssertChanged();
        Assert.Equal(@case with { UpdatedAt = _now }, noted);
        Assert.Equal("Llamó el contador", outcome.Event("note").Details["text"]);
        Assert.Single(outcome.History);
        Assert.Empty(outcome.Effects);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    public static TheoryData<CaseState> NotClosedStates() =>
        new(CaseState.Active, CaseState.Promised, CaseState.Paused, CaseState.HandedOff);

    public static TheoryData<CaseState> AllStates() => new(Enum.GetValues<CaseState>());

    private static DunningCase CaseIn(CaseState state)
    {
        var builder = new CaseBuilder().SentThrough(1, _stepOneSent);
        return state switch
        {
            CaseState.Active => builder.Build(),
            CaseState.Promised => builder.Promised(_friday).Build(),
            CaseState.Paused => builder.Paused().Build(),
            CaseState.HandedOff => builder.HandedOff().Build(),
            CaseState.Closed => builder.Closed(ClosedReason.Paid).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }
}
