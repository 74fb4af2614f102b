using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

/// <summary>
/// How the decider aims step timers at the debtor's contact hours (08:00-20:00 Monday to Saturday unless told
/// otherwise), and leaves them alone when the policy has no contact rules.
/// </summary>
public sealed class ContactScheduleTests
{
    // Santiago is at -03 in March 2025: 2025-03-05 is a Wednesday, 2025-03-08 a Saturday, 2025-03-10 a Monday.
    private static readonly DateTimeOffset _wednesdayEvening = At.Utc("2025-03-05T23:30:00Z"); // 20:30 -03
    private static readonly DateTimeOffset _saturdayMorning = At.Utc("2025-03-08T13:00:00Z"); // 10:00 -03

    [Fact]
    public void OpenCase_ContactRulesStepOneDueAfterHours_TimerAtTheNextMorningInTheDebtorsZone()
    {
        // Step 1 is due a day after opening: Thursday 20:30 -03, after hours, so it waits until Friday 08:00 -03.
        var open = new OpenCaseBuilder().WithPolicy(PolicyBuilder.Standard().WithContactRules(new ContactRulesBuilder()).Build()).Build();

        var outcome = CaseDecider.Decide(null, open, _wednesdayEvening);

        Assert.Equal(ReplyKind.Created, outcome.Reply);
        outcome.AssertTimer("step:1", At.Utc("2025-03-07T11:00:00Z"));
    }

    [Fact]
    public void OpenCase_NoContactRulesStepOneDueAfterHours_TimerExactlyAtDue()
    {
        var open = new OpenCaseBuilder().WithPolicy(PolicyBuilder.Standard().Build()).Build();

        var outcome = CaseDecider.Decide(null, open, _wednesdayEvening);

        outcome.AssertTimer("step:1", _wednesdayEvening.AddDays(1));
    }

    [Fact]
    public void OpenCase_ContactRulesStepOneDueWithinHours_TimerExactlyAtDue()
    {
        var open = new OpenCaseBuilder().WithPolicy(PolicyBuilder.Standard().WithContactRules(new ContactRulesBuilder()).Build()).Build();

        var outcome = CaseDecider.Decide(null, open, CaseBuilder.OpenedAt);

        outcome.AssertTimer("step:1", CaseBuilder.OpenedAt.AddDays(1)); // Thursday 10:00 -03
    }

    [Fact]
    public void OpenCase_DebtorInMadrid_TimerAtEightInMadrid()
    {
        // Wednesday 23:30 UTC is 00:30 on Thursday in Madrid: step 1 falls due Friday 00:30 CET and waits until 08:00 CET.
        var open = new OpenCaseBuilder()
            .WithDebtor(new DebtorBuilder().InZone(DebtorBuilder.Madrid).Build())
            .WithPolicy(PolicyBuilder.Standard().WithContactRules(new ContactRulesBuilder()).Build())
            .Build();

        var outcome = CaseDecider.Decide(null, open, _wednesdayEvening);

        outcome.AssertTimer("step:1", At.Utc("2025-03-07T07:00:00Z"));
    }

    [Fact]
    public void ConfirmMessage_NextStepDueOnSunday_TimerMondayMorning()
    {
        var @case = new CaseBuilder().WithPolicy(DailyPolicy(new ContactRulesBuilder())).Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", _saturdayMorning), _saturdayMorning);

        outcome.AssertTimer("step:2", At.Utc("2025-03-10T11:00:00Z")); // Monday 08:00 -03
    }

    [Fact]
    public void ConfirmMessage_NextStepDueOnSundayWithoutContactRules_TimerOnSunday()
    {
        var @case = new CaseBuilder().WithPolicy(DailyPolicy(null)).Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", _saturdayMorning), _saturdayMorning);

        outcome.AssertTimer("step:2", _saturdayMorning.AddDays(1));
    }

    [Fact]
    public void ConfirmMessage_NextContactDayIsAHoliday_TimerTheDayAfter()
    {
        var rules = new ContactRulesBuilder().Holidays(new DateOnly(2025, 3, 10));
        var @case = new CaseBuilder().WithPolicy(DailyPolicy(rules)).Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", _saturdayMorning), _saturdayMorning);

        outcome.AssertTimer("step:2", At.Utc("2025-03-11T11:00:00Z")); // Tuesday 08:00 -03
    }

    [Fact]
    public void ConfirmMessage_LastStepSentHandoffDueOnSunday_HandoffTimerNotShifted()
    {
        // Handing a file to legal contacts nobody: it is not held to the debtor's contact hours.
        var policy = PolicyBuilder.Empty()
            .WithStep("P1D", "ultimo-aviso", Tone.Final, Channel.Email)
            .HandingOffTo(HandoffTarget.Legal, "P1D")
            .WithContactRules(new ContactRulesBuilder());
        var @case = new CaseBuilder().WithPolicy(policy).Firing(1).Build();
        var saturdayNight = At.Utc("2025-03-08T22:30:00Z"); // 19:30 -03

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", saturdayNight), saturdayNight);

        outcome.AssertTimer("handoff", saturdayNight.AddDays(1));
    }

    [Fact]
    public void FailMessage_NextStepDueAfterHours_TimerNextMorning()
    {
        var @case = new CaseBuilder().WithPolicy(DailyPolicy(new ContactRulesBuilder())).Firing(1).Build();
        var wednesdayNight = At.Utc("2025-03-06T01:00:00Z"); // Wednesday 22:00 -03

        var outcome = CaseDecider.Decide(@case, new FailMessage("1-email", "address refused"), wednesdayNight);

        outcome.AssertTimer("step:2", At.Utc("2025-03-07T11:00:00Z")); // due Thursday 22:00 -> Friday 08:00 -03
    }

    [Fact]
    public void Resume_StepOverdueOnSunday_TimerMondayMorning()
    {
        var @case = new CaseBuilder()
            .WithPolicy(PolicyBuilder.Standard().WithContactRules(new ContactRulesBuilder()))
            .SentThrough(1, At.Utc("2025-02-20T13:00:00Z"))
            .Paused()
            .Build();
        var sundayNoon = At.Utc("2025-03-09T15:00:00Z");

        var outcome = CaseDecider.Decide(@case, new Resume(), sundayNoon);

        outcome.AssertTimer("step:2", At.Utc("2025-03-10T11:00:00Z"));
    }

    [Fact]
    public void Resume_StepOverdueWithoutContactRules_TimerNow()
    {
        var @case = new CaseBuilder().SentThrough(1, At.Utc("2025-02-20T13:00:00Z")).Paused().Build();
        var sundayNoon = At.Utc("2025-03-09T15:00:00Z");

        var outcome = CaseDecider.Decide(@case, new Resume(), sundayNoon);

        outcome.AssertTimer("step:2", sundayNoon);
    }

    [Fact]
    public void FireTimer_StepTimerAimedAtContactHours_FiresThatStep()
    {
        var open = new OpenCaseBuilder().WithPolicy(PolicyBuilder.Standard().WithContactRules(new ContactRulesBuilder()).Build()).Build();
        var opened = CaseDecider.Decide(null, open, _wednesdayEvening);
        var timer = Assert.IsType<CaseTimer.SetTimer>(opened.Timer);

        var outcome = CaseDecider.Decide(opened.State, new FireTimer(timer.Tag, timer.DueAt), timer.DueAt);

        Assert.Equal(1, outcome.AssertChanged().CurrentStep);
        Assert.Equal(["1-email"], outcome.Sends().Select(s => s.MessageId));
    }

    /// <summary>Two steps a day apart (email, then email and SMS), handed to legal a week later.</summary>
    private static DunningPolicy DailyPolicy(ContactRulesBuilder? rules)
    {
        var policy = PolicyBuilder.Empty()
            .WithStep("P1D", "recordatorio-amable", Tone.Friendly, Channel.Email)
            .WithStep("P1D", "recordatorio-firme", Tone.Firm, Channel.Email, Channel.Sms)
            .HandingOffTo(HandoffTarget.Legal, "P7D");
        return (rules is null ? policy : policy.WithContactRules(rules)).Build();
    }
}
