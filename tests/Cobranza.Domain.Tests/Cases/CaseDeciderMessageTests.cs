using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderMessageTests
{
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");
    private static readonly DateTimeOffset _stepTwoFired = At.Utc("2025-03-13T13:05:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-13T13:06:00Z");

    [Fact]
    public void IsMessageWanted_PendingMessageOfCurrentStepOnActiveCase_True()
    {
        var @case = StepTwoSending();

        Assert.True(CaseDecider.IsMessageWanted(@case, "2-sms"));
    }

    [Theory]
    [InlineData("paid")]
    [InlineData("paused")]
    [InlineData("promised")]
    [InlineData("handedOff")]
    [InlineData("cancelled")]
    public void IsMessageWanted_CaseNoLongerActive_False(string whatHappened)
    {
        // Nobody is chased after paying, pausing, promising or being handed over.
        CaseCommand command = whatHappened switch
        {
            "paid" => new ReceivePayment("PAY-1", 150_000m, "CLP", _now),
            "paused" => new Pause(null),
            "promised" => new RecordPromise(new DateOnly(2025, 3, 20), null, null),
            "handedOff" => new Escalate(EscalationTarget.Agency, null),
            "cancelled" => new Cancel(null),
            _ => throw new ArgumentOutOfRangeException(nameof(whatHappened)),
        };
        var @case = CaseDecider.Decide(StepTwoSending(), command, _now).AssertChanged();

        Assert.False(CaseDecider.IsMessageWanted(@case, "2-email"));
    }

    [Fact]
    public void IsMessageWanted_MessageAlreadySent_False()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();

        Assert.False(CaseDecider.IsMessageWanted(@case, "2-email"));
    }

    [Fact]
    public void IsMessageWanted_PendingMessageOfEarlierStep_False()
    {
        // Staff escalated past step 2 while its messages were still queued.
        var @case = CaseDecider.Decide(StepTwoSending(), new Escalate(EscalationTarget.Next, null), _now).AssertChanged();

        Assert.False(CaseDecider.IsMessageWanted(@case, "2-email"));
        Assert.True(CaseDecider.IsMessageWanted(@case, "3-email"));
    }

    [Fact]
    public void IsMessageWanted_UnknownMessage_False()
    {
        Assert.False(CaseDecider.IsMessageWanted(StepTwoSending(), "9-email"));
    }

    [Fact]
    public void ConfirmMessage_PendingMessage_StoresItsTextAndSendingTime()
    {
        var outcome = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Factura 0042 vencida", "Estimado cliente…", _now), _now);

        var message = Assert.Single(outcome.AssertChanged().Messages, m => m.Id == "2-email");
        Assert.Equal((CaseMessage.Sent, "Factura 0042 vencida", "Estimado cliente…", (DateTimeOffset?)_now), (message.Status, message.Subject, message.Body, message.SentAt));
        Assert.Equal("2-email", outcome.Event("messageSent").Details["messageId"]);
    }

    [Fact]
    public void ConfirmMessage_AlreadySent_Unchanged()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now.AddMinutes(1));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void ConfirmMessage_UnknownMessage_Unchanged()
    {
        var outcome = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("7-fax", "Asunto", "Texto", _now), _now);

        outcome.AssertUnchanged();
    }

    [Fact]
    public void SkipMessage_OneOfTwo_RemovesItAndKeepsTheCurrentStep()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-email", "paused"), _now);

        var skipped = outcome.AssertChanged();
        Assert.DoesNotContain(skipped.Messages, m => m.Id == "2-email");
        Assert.Equal(2, skipped.CurrentStep);
        Assert.Equal(1, skipped.PendingMessages);
        Assert.Equal("paused", outcome.Event("messageCancelled").Details["reason"]);
    }

    [Fact]
    public void SkipMessage_LastOfAStepThatNeverWentOut_StepGoesBackOne()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Paused().Build();
        @case = CaseDecider.Decide(@case, new SkipMessage("2-email", "paused"), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-sms", "paused"), _now);

        var skipped = outcome.AssertChanged();
        Assert.Equal(1, skipped.CurrentStep);
        Assert.DoesNotContain(skipped.Messages, m => m.Step == 2);
        Assert.Equal(_stepOneSent, skipped.LastStepSentAt);
        Assert.Equal(["messageCancelled"], outcome.HistoryTypes());
    }

    [Fact]
    public void SkipMessage_WholeStepSkippedWhilePaused_StepFiresAgainAfterResume()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Paused().Build();
        @case = CaseDecider.Decide(@case, new SkipMessage("2-email", "paused"), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new SkipMessage("2-sms", "paused"), _now).AssertChanged();
        var resumedAt = _now.AddDays(2);

        var resume = CaseDecider.Decide(@case, new Resume(), resumedAt);
        var fire = CaseDecider.Decide(resume.AssertChanged(), new FireTimer("step:2", resumedAt), resumedAt);

        resume.AssertTimer("step:2", resumedAt);
        Assert.Equal(["2-email", "2-sms"], fire.Sends().Select(s => s.MessageId));
        Assert.Equal(2, fire.AssertChanged().PendingMessages);
    }

    [Fact]
    public void SkipMessage_WholeFirstStepSkipped_CaseBackBeforeStepOne()
    {
        var @case = new CaseBuilder().Firing(1).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("1-email", "paused"), _now);

        var skipped = outcome.AssertChanged();
        Assert.Equal(0, skipped.CurrentStep);
        Assert.Empty(skipped.Messages);
    }

    [Fact]
    public void SkipMessage_RestOfAStepWhoseOtherMessageWasSent_StepCountsAsSentFromThatMessage()
    {
        var emailSent = _now;
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Build();
        @case = CaseDecider.Decide(@case, new ConfirmMessage("2-email", "Asunto", "Texto", emailSent), emailSent).AssertChanged();
        @case = CaseDecider.Decide(@case, new Pause(null), emailSent.AddMinutes(1)).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-sms", "paused"), emailSent.AddMinutes(2));

        var skipped = outcome.AssertChanged();
        Assert.Equal(2, skipped.CurrentStep);
        Assert.Equal(emailSent, skipped.LastStepSentAt);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
        var resume = CaseDecider.Decide(skipped, new Resume(), emailSent.AddDays(1));
        resume.AssertTimer("step:3", emailSent.AddDays(7));
    }

    [Fact]
    public void SkipMessage_WholeStepSkippedAfterCaseWasResumed_StepIsScheduledAgain()
    {
        // Pause, then resume before the sender (which saw the case paused) reports the skip: the ladder must not stall.
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Firing(2).Paused().Build();
        @case = CaseDecider.Decide(@case, new Resume(), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new SkipMessage("2-email", "paused"), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-sms", "paused"), _now.AddMinutes(1));

        Assert.Equal(1, outcome.AssertChanged().CurrentStep);
        outcome.AssertTimer("step:2", _now.AddMinutes(1));
    }

    [Fact]
    public void SkipMessage_AlreadySent_Unchanged()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-email", "paid"), _now);

        outcome.AssertUnchanged();
    }

    /// <summary>An active case whose step 2 (email and SMS) fired at <see cref="_stepTwoFired"/> and is still going out.</summary>
    private static DunningCase StepTwoSending()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Build();
        return CaseDecider.Decide(@case, new FireTimer("step:2", _stepTwoFired), _stepTwoFired).AssertChanged();
    }
}
