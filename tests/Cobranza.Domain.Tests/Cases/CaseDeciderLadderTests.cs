using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderLadderTests
{
    private static readonly DateTimeOffset _stepOneDue = At.Utc("2025-03-06T13:00:00Z");
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");

    [Fact]
    public void FireTimer_StepOneDue_RecordsPendingMessageAndSendsIt()
    {
        var @case = new CaseBuilder().Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:1", _stepOneDue), _stepOneDue);

        var fired = outcome.AssertChanged();
        Assert.Equal(1, fired.CurrentStep);
        var message = Assert.Single(fired.Messages);
        Assert.Equal(new CaseMessage("1-email", 1, Channel.Email, "es", "pagos@losandes.cl", CaseMessage.Pending, null, null, null), message);
        var send = Assert.Single(outcome.Sends());
        Assert.Equal(new SendMessage("1-email", 1, Channel.Email, "pagos@losandes.cl", "es", "recordatorio-amable", Tone.Friendly, _stepOneDue), send);
        Assert.Equal(["stepFired"], outcome.HistoryTypes());
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void FireTimer_StepWithTwoChannels_SendsOneMessagePerChannel()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", At.Utc("2025-03-13T13:05:00Z")), At.Utc("2025-03-13T13:05:00Z"));

        var fired = outcome.AssertChanged();
        Assert.Equal(2, fired.CurrentStep);
        Assert.Equal(2, fired.PendingMessages);
        Assert.Equal(
            [("2-email", Channel.Email, "pagos@losandes.cl"), ("2-sms", Channel.Sms, "+56912345678")],
            outcome.Sends().Select(s => (s.MessageId, s.Channel, s.To)));
        Assert.All(outcome.Sends(), s => Assert.Equal(("recordatorio-firme", Tone.Firm, 2), (s.Template, s.Tone, s.Step)));
    }

    [Fact]
    public void FireTimer_DebtorLacksOneOfTheStepsChannels_SendsOnlyOnTheOtherOne()
    {
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().WithPhone(null)).SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", At.Utc("2025-03-13T13:05:00Z")), At.Utc("2025-03-13T13:05:00Z"));

        var send = Assert.Single(outcome.Sends());
        Assert.Equal(Channel.Email, send.Channel);
        Assert.Equal("2-email", Assert.Single(outcome.AssertChanged().Messages, m => m.Step == 2).Id);
    }

    [Fact]
    public void FireTimer_DebtorHasNoneOfTheStepsChannels_FallsBackToAChannelTheDebtorHas()
    {
        // Step 1 is email only; a debtor with just a phone still gets it, by SMS.
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().WithEmail(null)).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:1", _stepOneDue), _stepOneDue);

        var send = Assert.Single(outcome.Sends());
        Assert.Equal(("1-sms", Channel.Sms, "+56912345678"), (send.MessageId, send.Channel, send.To));
        Assert.Equal(CaseMessage.Pending, Assert.Single(outcome.AssertChanged().Messages).Status);
    }

    [Fact]
    public void FireTimer_MessagesInDebtorsLanguage_CarryTheLanguage()
    {
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().WithLanguage("pt-BR")).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:1", _stepOneDue), _stepOneDue);

        Assert.Equal("pt-BR", Assert.Single(outcome.Sends()).Language);
        Assert.Equal("pt-BR", Assert.Single(outcome.AssertChanged().Messages).Language);
    }

    [Fact]
    public void ConfirmMessage_OneOfTwoMessagesSent_WaitsForTheOther()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("2-email", "Recordatorio", "Texto", At.Utc("2025-03-13T13:06:00Z")), At.Utc("2025-03-13T13:06:00Z"));

        var confirmed = outcome.AssertChanged();
        Assert.Equal(1, confirmed.PendingMessages);
        Assert.Equal(_stepOneSent, confirmed.LastStepSentAt);
        Assert.Null(confirmed.NextActionAt);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void ConfirmMessage_LastMessageOfStep_SetsLatestSentAtAndSchedulesNextStepFromIt()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Build();
        var emailSent = At.Utc("2025-03-13T13:06:00Z");
        var smsSent = At.Utc("2025-03-13T13:09:00Z");
        @case = CaseDecider.Decide(@case, new ConfirmMessage("2-email", "Recordatorio", "Texto", emailSent), emailSent).State;

        // The SMS confirmation arrives before the email's, but its sentAt is the later one.
        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("2-sms", "", "Texto", smsSent), smsSent.AddMinutes(1));

        var settled = outcome.AssertChanged();
        Assert.Equal(smsSent, settled.LastStepSentAt);
        outcome.AssertTimer("step:3", At.Utc("2025-03-20T13:09:00Z"));
    }

    [Fact]
    public void ConfirmMessage_StepSentBeforeSantiagoDstEnd_NextStepIsSevenCalendarDaysLater()
    {
        // Sent 2025-04-01 11:00 -03; Santiago falls back on 2025-04-05, so 11:00 on 2025-04-08 is -04: 7 days and 1 hour.
        var sentAt = At.Utc("2025-04-01T14:00:00Z");
        var @case = new CaseBuilder().Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Recordatorio", "Texto", sentAt), sentAt);

        outcome.AssertTimer("step:2", At.Utc("2025-04-08T15:00:00Z"));
        Assert.Equal(TimeSpan.FromDays(7) + TimeSpan.FromHours(1), outcome.AssertChanged().NextActionAt - sentAt);
    }

    [Fact]
    public void ConfirmMessage_DailyStepAcrossMadridSpringForward_NextStepIs23HoursLater()
    {
        // Madrid skips 02:00-03:00 on 2025-03-30: one calendar day from 10:00 CET is 10:00 CEST.
        var policy = PolicyBuilder.Standard().WithWait(2, "P1D").Build();
        var debtor = new DebtorBuilder().InZone(DebtorBuilder.Madrid);
        var sentAt = At.Utc("2025-03-29T09:00:00Z");
        var @case = new CaseBuilder().WithPolicy(policy).WithDebtor(debtor).Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Recordatorio", "Texto", sentAt), sentAt);

        outcome.AssertTimer("step:2", At.Utc("2025-03-30T08:00:00Z"));
    }

    [Fact]
    public void ConfirmMessage_ConfirmedAfterNextStepWasDue_SchedulesNextStepNow()
    {
        // A confirmation processed late never schedules a timer in the past.
        var policy = PolicyBuilder.Standard().WithWait(2, "PT1H").Build();
        var sentAt = At.Utc("2025-03-06T13:05:00Z");
        var now = At.Utc("2025-03-06T16:00:00Z");
        var @case = new CaseBuilder().WithPolicy(policy).Firing(1).Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Recordatorio", "Texto", sentAt), now);

        outcome.AssertTimer("step:2", now);
    }

    [Fact]
    public void ConfirmMessage_LastStepSent_SchedulesHandoffAfterHandoffWait()
    {
        var sentAt = At.Utc("2025-03-27T13:05:00Z");
        var @case = new CaseBuilder().SentThrough(3, At.Utc("2025-03-20T13:05:00Z")).Firing(4).Build();
        @case = CaseDecider.Decide(@case, new ConfirmMessage("4-email", "Último aviso", "Texto", sentAt), sentAt).State;

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("4-sms", "", "Texto", sentAt), sentAt);

        // P14D: 10:05 -03 on 2025-03-27 to 10:05 -04 on 2025-04-10.
        outcome.AssertTimer("handoff", At.Utc("2025-04-10T14:05:00Z"));
    }

    [Theory]
    [InlineData(HandoffTarget.Legal)]
    [InlineData(HandoffTarget.Agency)]
    public void FireTimer_Handoff_HandsOffToPolicyTarget(HandoffTarget target)
    {
        var policy = PolicyBuilder.Standard().HandingOffTo(target).Build();
        var @case = new CaseBuilder().WithPolicy(policy).SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).Build();
        var due = At.Utc("2025-04-10T14:05:00Z");

        var outcome = CaseDecider.Decide(@case, new FireTimer("handoff", due), due);

        var handedOff = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, handedOff.State);
        Assert.Equal(target, handedOff.HandedOffTo);
        Assert.Equal(new HandOver(target), Assert.Single(outcome.Effects));
        Assert.Equal(Wire.Name(target), outcome.Event("handedOff").Details["to"]);
        outcome.AssertTimerCleared();
    }

    [Theory]
    [InlineData("step:1")]
    [InlineData("step:3")]
    [InlineData("handoff")]
    [InlineData("promise")]
    [InlineData("bogus")]
    public void FireTimer_TagOtherThanTheNextRung_Unchanged(string tag)
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer(tag, At.Utc("2025-03-13T13:05:00Z")), At.Utc("2025-03-13T13:05:00Z"));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void FireTimer_NextStepWhileCurrentStepStillSending_Unchanged()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:3", At.Utc("2025-03-20T13:05:00Z")), At.Utc("2025-03-20T13:05:00Z"));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void FireTimer_StepOnPausedCase_Unchanged()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", At.Utc("2025-03-13T13:05:00Z")), At.Utc("2025-03-13T13:05:00Z"));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void ConfirmHandoff_AfterHandOver_RecordsDelivery()
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).HandedOff().Build();

        var outcome = CaseDecider.Decide(@case, new ConfirmHandoff(HandoffTarget.Legal, "handoff/F-2025-0042/", true, At.Utc("2025-04-10T14:06:00Z")), At.Utc("2025-04-10T14:06:00Z"));

        var delivered = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, delivered.State);
        var entry = outcome.Event("handoffDelivered");
        Assert.Equal("handoff/F-2025-0042/", entry.Details["location"]);
        Assert.Equal(true, entry.Details["notified"]);
    }

    [Fact]
    public void Decide_UnpaidCaseThroughWholeLadder_SendsEveryStepThenHandsOffToLegal()
    {
        // Each timer fires when it was set for and each message is sent a minute later.
        var now = At.Utc("2025-03-05T13:00:00Z");
        var outcome = CaseDecider.Decide(null, new OpenCaseBuilder().Build(), now);
        var @case = outcome.State!;
        var tones = new List<Tone>();
        for (var step = 1; step <= 4; step++)
        {
            var timer = Assert.IsType<CaseTimer.SetTimer>(outcome.Timer);
            Assert.Equal($"step:{step}", timer.Tag);
            now = timer.DueAt;
            outcome = CaseDecider.Decide(@case, new FireTimer(timer.Tag, timer.DueAt), now);
            @case = outcome.AssertChanged();
            var sends = outcome.Sends();
            tones.Add(sends[0].Tone);
            now = now.AddMinutes(1);
            foreach (var send in sends)
            {
                outcome = CaseDecider.Decide(@case, new ConfirmMessage(send.MessageId, "Asunto", "Texto", now), now);
                @case = outcome.AssertChanged();
            }
        }

        var handoff = Assert.IsType<CaseTimer.SetTimer>(outcome.Timer);
        Assert.Equal("handoff", handoff.Tag);
        outcome = CaseDecider.Decide(@case, new FireTimer(handoff.Tag, handoff.DueAt), handoff.DueAt);

        Assert.Equal([Tone.Friendly, Tone.Firm, Tone.Formal, Tone.Final], tones);
        Assert.Equal(CaseState.HandedOff, outcome.AssertChanged().State);
        Assert.Equal(new HandOver(HandoffTarget.Legal), Assert.Single(outcome.Effects));
        Assert.Equal(7, outcome.State!.Messages.Count(m => m.Status == CaseMessage.Sent));
    }
}
