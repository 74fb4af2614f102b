using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

public sealed class LadderTests
{
    private static readonly TimeZoneInfo _santiago = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Santiago);

    [Fact]
    public void NextRung_NewCaseOpenedAfterDueDate_IsStepOneAfterOpeningPlusWait()
    {
        var @case = new CaseBuilder().Due(new DateOnly(2025, 3, 3)).Opened(At.Utc("2025-03-05T13:00:00Z")).Build();

        var rung = Ladder.NextRung(@case);

        Assert.Equal(("step:1", At.Utc("2025-03-06T13:00:00Z")), rung);
    }

    [Fact]
    public void NextRung_NewCaseOpenedBeforeDueDate_IsStepOneAfterStartOfDueDayInDebtorZone()
    {
        var @case = new CaseBuilder().Due(new DateOnly(2025, 3, 3)).Opened(At.Utc("2025-02-20T12:00:00Z")).Build();

        var rung = Ladder.NextRung(@case);

        Assert.Equal(("step:1", At.Utc("2025-03-04T03:00:00Z")), rung);
    }

    [Fact]
    public void NextRung_CurrentStepMessagesPending_IsNull()
    {
        // The next wait counts from the actual sending, which has not happened yet.
        var @case = new CaseBuilder().Firing(2).Build();

        Assert.Null(Ladder.NextRung(@case));
    }

    [Fact]
    public void NextRung_StepSent_IsNextStepAfterItsWaitFromSending()
    {
        var @case = new CaseBuilder().SentThrough(2, At.Utc("2025-03-13T13:05:00Z")).Build();

        var rung = Ladder.NextRung(@case);

        Assert.Equal(("step:3", At.Utc("2025-03-20T13:05:00Z")), rung);
    }

    [Fact]
    public void NextRung_LastStepSent_IsHandoffAfterHandoffWait()
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).Build();

        var rung = Ladder.NextRung(@case);

        // P14D from 10:05 -03 is 10:05 -04 after Santiago's DST end on 2025-04-05.
        Assert.Equal(("handoff", At.Utc("2025-04-10T14:05:00Z")), rung);
    }

    [Fact]
    public void PromiseDeadline_DefaultGrace_IsStartOfNextDayPlusTwoDays()
    {
        var deadline = Ladder.PromiseDeadline(new DateOnly(2025, 3, 14), DunningPolicy.DefaultPromiseGrace, _santiago);

        Assert.Equal(At.Utc("2025-03-17T03:00:00Z"), deadline);
    }

    [Fact]
    public void PromiseDeadline_ZeroGrace_IsEndOfPromisedDayInDebtorZone()
    {
        var deadline = Ladder.PromiseDeadline(new DateOnly(2025, 3, 14), IsoDuration.Zero, _santiago);

        Assert.Equal(At.Utc("2025-03-15T03:00:00Z"), deadline);
    }

    [Fact]
    public void StepTag_StepNumber_IsStepColonNumber()
    {
        Assert.Equal("step:3", Ladder.StepTag(3));
    }
}
