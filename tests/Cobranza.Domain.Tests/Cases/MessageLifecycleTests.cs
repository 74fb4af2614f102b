using System.Reflection;
using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

/// <summary>
/// A message after its step fired: deferred and retried, failed, delivered or bounced; channels opted out of; a step
/// joined to another invoice's combined message.
/// </summary>
public sealed class MessageLifecycleTests
{
    private const string Leader = "F-2025-0099";

    /// <summary><c>Messages.MaxTransientDeferrals</c> (the class is internal to the domain).</summary>
    private static readonly int _maxTransientDeferrals = (int)typeof(CaseDecider).Assembly
        .GetType("Cobranza.Domain.Messages", throwOnError: true)!
        .GetField("MaxTransientDeferrals", BindingFlags.Public | BindingFlags.Static)!
        .GetValue(null)!;

    private static readonly DateTimeOffset _stepOneFired = At.Utc("2025-03-06T13:00:00Z");
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");
    private static readonly DateTimeOffset _stepTwoDue = At.Utc("2025-03-13T13:05:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-13T13:06:00Z");
    private static readonly DateTimeOffset _until = At.Utc("2025-03-13T15:00:00Z");

    [Fact]
    public void DeferMessage_NonTransient_MessageDeferredUntilTheGivenTime()
    {
        var outcome = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "outsideContactHours", Transient: false), _now);

        var message = Assert.Single(outcome.AssertChanged().Messages);
        Assert.Equal((CaseMessage.Deferred, (DateTimeOffset?)_until, 0, "outsideContactHours"), (message.Status, message.DeferredUntil, message.Deferrals, message.Detail));
        Assert.Equal(["messageDeferred"], outcome.HistoryTypes());
        var deferred = outcome.Event("messageDeferred").Details;
        Assert.Equal(("1-email", 1, (object?)_until, "outsideContactHours"), (deferred["messageId"], deferred["step"], deferred["until"], deferred["reason"]));
        Assert.Empty(outcome.Effects);
    }

    [Fact]
    public void DeferMessage_OnlyMessageOfTheStep_RetryTimerAtTheDeferredTime()
    {
        var outcome = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "weeklyCap", Transient: false), _now);

        outcome.AssertTimer("retry:1", _until);
    }

    [Fact]
    public void DeferMessage_OtherMessageOfTheStepAlreadySent_RetryTimerAtTheDeferredTime()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new DeferMessage("2-sms", _until, "outsideContactHours", Transient: false), _now);

        outcome.AssertTimer("retry:2", _until);
        var waiting = outcome.AssertChanged();
        Assert.Equal((1, (DateTimeOffset?)_stepOneSent), (waiting.PendingMessages, waiting.LastStepSentAt)); // the step is not settled yet
    }

    [Fact]
    public void ConfirmMessage_OtherMessageOfTheStepDeferred_RetryTimerAtTheDeferredTime()
    {
        // SMS deferred while the email was still pending; once the email is sent only the deferred SMS is left.
        var @case = CaseDecider.Decide(StepTwoSending(), new DeferMessage("2-sms", _until, "outsideContactHours", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now);

        outcome.AssertTimer("retry:2", _until);
    }

    [Fact]
    public void FailMessage_OtherMessageOfTheStepDeferred_RetryTimerAtTheDeferredTime()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new DeferMessage("2-sms", _until, "outsideContactHours", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FailMessage("2-email", "address refused"), _now);

        outcome.AssertTimer("retry:2", _until);
    }

    [Fact]
    public void DeferMessage_AlreadyDeferred_Unchanged()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "weeklyCap", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new DeferMessage("1-email", _until.AddHours(1), "weeklyCap", Transient: false), _now);

        outcome.AssertUnchanged();
    }

    [Fact]
    public void FireTimer_RetryDue_MessagePendingAgainWithNewSendEffectUnderTheSameId()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "outsideContactHours", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("retry:1", _until), _until);

        var message = Assert.Single(outcome.AssertChanged().Messages);
        Assert.Equal((CaseMessage.Pending, (DateTimeOffset?)null), (message.Status, message.DeferredUntil));
        var send = Assert.Single(outcome.Sends());
        Assert.Equal(new SendMessage("1-email", 1, Channel.Email, "pagos@losandes.cl", "es", "recordatorio-amable", Tone.Friendly, _until), send);
        Assert.Equal(["messagesRetried"], outcome.HistoryTypes());
        Assert.Equal(1, outcome.Event("messagesRetried").Details["step"]);
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void FireTimer_RetryDueWithOneOfTwoMessagesDeferred_ResendsOnlyTheDeferredOne()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new DeferMessage("2-sms", _until, "outsideContactHours", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("retry:2", _until), _until);

        Assert.Equal(["2-sms"], outcome.Sends().Select(s => s.MessageId));
        Assert.Equal(CaseMessage.Sent, Assert.Single(outcome.AssertChanged().Messages, m => m.Id == "2-email").Status);
    }

    [Fact]
    public void FireTimer_RetryWithNothingDeferred_Unchanged()
    {
        // A stale retry timer: the message was deferred, retried and sent before this copy of the timer arrived.
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "weeklyCap", Transient: false), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new FireTimer("retry:1", _until), _until).AssertChanged();
        @case = CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", _until), _until).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("retry:1", _until), _until.AddMinutes(1));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void DeferMessage_TransientUpToTheLimit_StillDeferredCountingEachTime()
    {
        var @case = StepOneFiring();
        var at = _now;
        for (var i = 1; i <= _maxTransientDeferrals; i++)
        {
            @case = DeferTransientlyAndRetry(@case, ref at, retry: i < _maxTransientDeferrals);
        }

        var message = Assert.Single(@case.Messages);
        Assert.Equal((CaseMessage.Deferred, _maxTransientDeferrals), (message.Status, message.Deferrals));
    }

    [Fact]
    public void DeferMessage_TransientBeyondTheLimit_MessageFailed()
    {
        var @case = StepOneFiring();
        var at = _now;
        for (var i = 1; i <= _maxTransientDeferrals; i++)
        {
            @case = DeferTransientlyAndRetry(@case, ref at, retry: true);
        }

        var outcome = CaseDecider.Decide(@case, new DeferMessage("1-email", at.AddMinutes(5), "provider 503", Transient: true), at);

        var message = Assert.Single(outcome.AssertChanged().Messages);
        Assert.Equal((CaseMessage.Failed, (DateTimeOffset?)null), (message.Status, message.DeferredUntil));
        Assert.Contains("provider 503", message.Detail, StringComparison.Ordinal);
        Assert.Contains("messageFailed", outcome.HistoryTypes());
        Assert.DoesNotContain("messageDeferred", outcome.HistoryTypes());
    }

    [Fact]
    public void DeferMessage_NonTransientAfterTransientLimit_StillDeferred()
    {
        // Waiting for contact hours or the weekly cap is not a failure: it never counts towards giving up.
        var @case = StepOneFiring();
        var at = _now;
        for (var i = 1; i <= _maxTransientDeferrals; i++)
        {
            @case = DeferTransientlyAndRetry(@case, ref at, retry: true);
        }

        var outcome = CaseDecider.Decide(@case, new DeferMessage("1-email", at.AddHours(10), "outsideContactHours", Transient: false), at);

        Assert.Equal(CaseMessage.Deferred, Assert.Single(outcome.AssertChanged().Messages).Status);
    }

    [Fact]
    public void FailMessage_OnlyMessageOfTheStep_FailedAndNextStepScheduledFromTheFailure()
    {
        var failedAt = _stepOneFired.AddMinutes(3);

        var outcome = CaseDecider.Decide(StepOneFiring(), new FailMessage("1-email", "address refused"), failedAt);

        var failed = outcome.AssertChanged();
        var message = Assert.Single(failed.Messages);
        Assert.Equal((CaseMessage.Failed, "address refused"), (message.Status, message.Detail));
        Assert.Equal(["messageFailed"], outcome.HistoryTypes());
        var details = outcome.Event("messageFailed").Details;
        Assert.Equal(("1-email", 1, "email", "address refused"), (details["messageId"], details["step"], details["channel"], details["reason"]));
        Assert.Equal(failedAt, failed.LastStepSentAt);
        outcome.AssertTimer("step:2", failedAt.AddDays(7));
    }

    [Fact]
    public void FailMessage_OtherMessageOfTheStepSent_NextStepCountsFromTheSending()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();
        var failedAt = _now.AddHours(2);

        var outcome = CaseDecider.Decide(@case, new FailMessage("2-sms", "unreachable"), failedAt);

        Assert.Equal(_now, outcome.AssertChanged().LastStepSentAt);
        outcome.AssertTimer("step:3", _now.AddDays(7));
    }

    [Fact]
    public void FailMessage_DeferredMessage_FailedAndStepSettles()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "weeklyCap", Transient: false), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FailMessage("1-email", "gave up"), _now.AddMinutes(1));

        var message = Assert.Single(outcome.AssertChanged().Messages);
        Assert.Equal((CaseMessage.Failed, (DateTimeOffset?)null), (message.Status, message.DeferredUntil));
        outcome.AssertTimer("step:2", _now.AddMinutes(1).AddDays(7));
    }

    [Fact]
    public void FailMessage_AlreadySent_Unchanged()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new ConfirmMessage("1-email", "Asunto", "Texto", _stepOneSent), _stepOneSent).AssertChanged();

        CaseDecider.Decide(@case, new FailMessage("1-email", "late failure"), _now).AssertUnchanged();
    }

    [Fact]
    public void ConfirmMessage_WithProviderMessageId_StoresIt()
    {
        var outcome = CaseDecider.Decide(StepOneFiring(), new ConfirmMessage("1-email", "Asunto", "Texto", _stepOneSent, "acs-7f3a"), _stepOneSent);

        var message = Assert.Single(outcome.AssertChanged().Messages);
        Assert.Equal((CaseMessage.Sent, "acs-7f3a", (DateTimeOffset?)_stepOneSent), (message.Status, message.ProviderMessageId, message.SentAt));
    }

    [Fact]
    public void ConfirmMessage_DeferredMessageSentAnyway_Unchanged()
    {
        // Only a pending message can be confirmed; a deferred one goes out again when its retry fires.
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "weeklyCap", Transient: false), _now).AssertChanged();

        CaseDecider.Decide(@case, new ConfirmMessage("1-email", "Asunto", "Texto", _now), _now).AssertUnchanged();
    }

    [Fact]
    public void RecordDelivery_DeliveredReport_MessageDelivered()
    {
        var reportedAt = _stepOneSent.AddMinutes(1);

        var outcome = CaseDecider.Decide(StepOneSent(), new RecordDelivery("1-email", CaseMessage.Delivered, null, reportedAt), reportedAt);

        var delivered = outcome.AssertChanged();
        Assert.Equal(CaseMessage.Delivered, Assert.Single(delivered.Messages).Status);
        Assert.False(delivered.EmailBounced);
        Assert.Equal(["messageDelivery"], outcome.HistoryTypes());
        Assert.Equal(CaseMessage.Delivered, outcome.Event("messageDelivery").Details["status"]);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void RecordDelivery_SameReportTwice_Unchanged()
    {
        var @case = CaseDecider.Decide(StepOneSent(), new RecordDelivery("1-email", CaseMessage.Delivered, null, _now), _now).AssertChanged();

        CaseDecider.Decide(@case, new RecordDelivery("1-email", CaseMessage.Delivered, null, _now), _now).AssertUnchanged();
    }

    [Fact]
    public void RecordDelivery_ForPendingMessage_Unchanged()
    {
        CaseDecider.Decide(StepOneFiring(), new RecordDelivery("1-email", CaseMessage.Delivered, null, _now), _now).AssertUnchanged();
    }

    [Fact]
    public void RecordDelivery_EmailBounced_MessageBouncedAndEmailMarkedBounced()
    {
        var outcome = CaseDecider.Decide(StepOneSent(), new RecordDelivery("1-email", CaseMessage.Bounced, "550 mailbox unavailable", _now), _now);

        var bounced = outcome.AssertChanged();
        var message = Assert.Single(bounced.Messages);
        Assert.Equal((CaseMessage.Bounced, "550 mailbox unavailable"), (message.Status, message.Detail));
        Assert.True(bounced.EmailBounced);
        Assert.Equal(["messageDelivery", "emailBounced"], outcome.HistoryTypes());
        Assert.Equal("pagos@losandes.cl", outcome.Event("emailBounced").Details["to"]);
    }

    [Fact]
    public void RecordDelivery_EmailBouncedAfterDelivered_MessageBouncedAndEmailMarkedBounced()
    {
        var @case = CaseDecider.Decide(StepOneSent(), new RecordDelivery("1-email", CaseMessage.Delivered, null, _now), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new RecordDelivery("1-email", CaseMessage.Bounced, "late bounce", _now.AddHours(1)), _now.AddHours(1));

        Assert.True(outcome.AssertChanged().EmailBounced);
        Assert.Equal(CaseMessage.Bounced, Assert.Single(outcome.AssertChanged().Messages).Status);
    }

    [Fact]
    public void RecordDelivery_SmsBounced_EmailNotMarkedBounced()
    {
        var @case = StepTwoSent();

        var outcome = CaseDecider.Decide(@case, new RecordDelivery("2-sms", CaseMessage.Bounced, "unknown subscriber", _now), _now);

        var bounced = outcome.AssertChanged();
        Assert.False(bounced.EmailBounced);
        Assert.Equal(["messageDelivery"], outcome.HistoryTypes());
    }

    [Fact]
    public void FireTimer_NextStepAfterEmailBouncedDebtorHasPhone_GoesBySmsOnly()
    {
        var @case = CaseDecider.Decide(StepTwoSent(), new RecordDelivery("2-email", CaseMessage.Bounced, "550", _now), _now).AssertChanged();
        var stepThreeDue = _now.AddDays(7);

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:3", stepThreeDue), stepThreeDue);

        Assert.Equal([("3-sms", Channel.Sms)], outcome.Sends().Select(s => (s.MessageId, s.Channel)));
        Assert.Equal(["3-sms"], outcome.AssertChanged().Messages.Where(m => m.Step == 3).Select(m => m.Id));
    }

    [Fact]
    public void FireTimer_EmailOnlyStepAfterEmailBouncedDebtorHasPhone_GoesBySms()
    {
        // Step 2 of this policy is email only: after the bounce it falls back to SMS.
        var policy = PolicyBuilder.Empty()
            .WithStep("P1D", "recordatorio-amable", Tone.Friendly, Channel.Email)
            .WithStep("P7D", "recordatorio-firme", Tone.Firm, Channel.Email);
        var @case = new CaseBuilder().WithPolicy(policy).SentThrough(1, _stepOneSent).Build();
        @case = CaseDecider.Decide(@case, new RecordDelivery("1-email", CaseMessage.Bounced, "550", _now), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", _stepTwoDue), _stepTwoDue);

        Assert.Equal([("2-sms", Channel.Sms)], outcome.Sends().Select(s => (s.MessageId, s.Channel)));
    }

    [Fact]
    public void FireTimer_NextStepAfterEmailBouncedDebtorWithoutPhone_EmailContinues()
    {
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().WithPhone(null)).SentThrough(2, _now).Build();
        @case = CaseDecider.Decide(@case, new RecordDelivery("2-email", CaseMessage.Bounced, "550", _now), _now).AssertChanged();
        Assert.True(@case.EmailBounced);
        var stepThreeDue = _now.AddDays(7);

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:3", stepThreeDue), stepThreeDue);

        Assert.Equal([("3-email", Channel.Email)], outcome.Sends().Select(s => (s.MessageId, s.Channel)));
    }

    [Fact]
    public void OptOut_Sms_RecordedOnce()
    {
        var outcome = CaseDecider.Decide(StepOneSent(), new OptOut(Channel.Sms, "STOP"), _now);

        var optedOut = outcome.AssertChanged();
        Assert.Equal([Channel.Sms], optedOut.OptedOut);
        Assert.Equal(["optedOut"], outcome.HistoryTypes());
        Assert.Equal(("sms", "STOP"), (outcome.Event("optedOut").Details["channel"], outcome.Event("optedOut").Details["source"]));
        CaseDecider.Decide(optedOut, new OptOut(Channel.Sms, "STOP"), _now).AssertUnchanged();
    }

    [Fact]
    public void FireTimer_NextStepAfterSmsOptOut_GoesByEmailOnly()
    {
        var @case = CaseDecider.Decide(StepOneSent(), new OptOut(Channel.Sms, "STOP"), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", _stepTwoDue), _stepTwoDue);

        Assert.Equal([("2-email", Channel.Email)], outcome.Sends().Select(s => (s.MessageId, s.Channel)));
        Assert.Equal(["2-email"], outcome.AssertChanged().Messages.Where(m => m.Step == 2).Select(m => m.Id));
    }

    [Fact]
    public void FireTimer_EmailOnlyStepAfterEmailOptOut_FallsBackToSms()
    {
        var @case = CaseDecider.Decide(new CaseBuilder().Build(), new OptOut(Channel.Email, "unsubscribe link"), _stepOneFired).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:1", _stepOneFired), _stepOneFired);

        Assert.Equal([("1-sms", Channel.Sms)], outcome.Sends().Select(s => (s.MessageId, s.Channel)));
    }

    [Fact]
    public void FireTimer_DebtorOptedOutOfBothChannels_NoContactChannelAttentionNoEffectsTimerCleared()
    {
        var @case = CaseDecider.Decide(StepOneSent(), new OptOut(Channel.Sms, "STOP"), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new OptOut(Channel.Email, "unsubscribe link"), _now).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new FireTimer("step:2", _stepTwoDue), _stepTwoDue);

        var waiting = outcome.AssertChanged();
        Assert.Equal("noContactChannel", waiting.Attention);
        Assert.Equal(["noContactChannel"], outcome.HistoryTypes());
        Assert.Equal(2, outcome.Event("noContactChannel").Details["step"]);
        Assert.Empty(outcome.Effects);
        outcome.AssertTimerCleared();
        Assert.Equal(1, waiting.CurrentStep);
        Assert.DoesNotContain(waiting.Messages, m => m.Step == 2);
    }

    [Fact]
    public void Resume_PausedWhileMessageDeferredResumedBeforeItsTime_RetryTimerAtTheDeferredTime()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "outsideContactHours", Transient: false), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new Pause("disputa"), _now.AddMinutes(1)).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new Resume(), _now.AddMinutes(2));

        outcome.AssertTimer("retry:1", _until);
    }

    [Fact]
    public void Resume_PausedWhileMessageDeferredResumedAfterItsTime_RetryTimerNow()
    {
        var @case = CaseDecider.Decide(StepOneFiring(), new DeferMessage("1-email", _until, "outsideContactHours", Transient: false), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new Pause("disputa"), _now.AddMinutes(1)).AssertChanged();
        var resumedAt = _until.AddDays(2);

        var outcome = CaseDecider.Decide(@case, new Resume(), resumedAt);

        outcome.AssertTimer("retry:1", resumedAt);
        var retried = CaseDecider.Decide(outcome.AssertChanged(), new FireTimer("retry:1", resumedAt), resumedAt);
        Assert.Equal(["1-email"], retried.Sends().Select(s => s.MessageId));
    }

    [Fact]
    public void JoinCombined_NextStepDueBeforeHorizon_FiresItCombinedWithTheLeaderWithoutItsOwnSends()
    {
        var @case = StepOneSent();

        var outcome = CaseDecider.Decide(@case, new JoinCombined(Leader, _stepTwoDue, [Channel.Email, Channel.Sms]), _now.AddDays(-1));

        var joined = outcome.AssertChanged();
        Assert.Equal(2, joined.CurrentStep);
        var messages = joined.Messages.Where(m => m.Step == 2).ToList();
        Assert.Equal(["2-email", "2-sms"], messages.Select(m => m.Id));
        Assert.All(messages, m => Assert.Equal((CaseMessage.Pending, Leader), (m.Status, m.CombinedWith)));
        Assert.Empty(outcome.Sends());
        Assert.Equal(["stepFired"], outcome.HistoryTypes());
        Assert.Equal(("combined", Leader), (outcome.Event("stepFired").Details["cause"], outcome.Event("stepFired").Details["combinedWith"]));
        outcome.AssertTimer("ride:2", _stepTwoDue);
    }

    [Fact]
    public void JoinCombined_DecidedAfterTheLeaderStoppedWaiting_RejectedAndNothingRides()
    {
        var answerBy = _now.AddDays(-1);

        var outcome = CaseDecider.Decide(StepOneSent(), new JoinCombined(Leader, _stepTwoDue, [Channel.Email, Channel.Sms], answerBy), answerBy.AddSeconds(1));

        outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void RideTimer_LeaderNeverConfirmed_RidingMessagesGoOutOnTheirOwn()
    {
        var joined = CaseDecider.Decide(StepOneSent(), new JoinCombined(Leader, _stepTwoDue, [Channel.Email, Channel.Sms]), _now.AddDays(-1)).AssertChanged();

        var outcome = CaseDecider.Decide(joined, new FireTimer("ride:2", _stepTwoDue), _stepTwoDue);

        var released = outcome.AssertChanged();
        Assert.Equal(["2-email", "2-sms"], outcome.Sends().Select(s => s.MessageId));
        Assert.All(released.Messages.Where(m => m.Step == 2), m => Assert.Equal((CaseMessage.Pending, null), (m.Status, m.CombinedWith)));
        Assert.True(CaseDecider.IsMessageWanted(released, "2-email"));
        Assert.Equal(["messagesReleased"], outcome.HistoryTypes());
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void RideTimer_LeaderConfirmedInTime_Unchanged()
    {
        var joined = CaseDecider.Decide(StepOneSent(), new JoinCombined(Leader, _stepTwoDue, [Channel.Email, Channel.Sms]), _now.AddDays(-1)).AssertChanged();
        var confirmed = joined;
        foreach (var id in new[] { "2-email", "2-sms" })
        {
            confirmed = CaseDecider.Decide(confirmed, new ConfirmMessage(id, "Asunto", "Texto", _now.AddDays(-1)), _now.AddDays(-1)).AssertChanged();
        }

        CaseDecider.Decide(confirmed, new FireTimer("ride:2", _stepTwoDue), _stepTwoDue).AssertUnchanged();
    }

    [Fact]
    public void JoinCombined_ChannelNotInTheLeadersMessage_ThatChannelGetsItsOwnSend()
    {
        var outcome = CaseDecider.Decide(StepOneSent(), new JoinCombined(Leader, _stepTwoDue, [Channel.Email]), _now.AddDays(-1));

        var joined = outcome.AssertChanged();
        var send = Assert.Single(outcome.Sends());
        Assert.Equal(("2-sms", Channel.Sms), (send.MessageId, send.Channel));
        Assert.Equal(Leader, Assert.Single(joined.Messages, m => m.Id == "2-email").CombinedWith);
        Assert.Null(Assert.Single(joined.Messages, m => m.Id == "2-sms").CombinedWith);
    }

    [Fact]
    public void JoinCombined_NextStepDueAfterHorizon_RejectedInvalidStateAndCaseUnchanged()
    {
        var @case = StepOneSent();

        var outcome = CaseDecider.Decide(@case, new JoinCombined(Leader, _stepTwoDue.AddTicks(-1), [Channel.Email, Channel.Sms]), _now.AddDays(-1));

        outcome.AssertRejected(RejectionKind.InvalidState);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void JoinCombined_AskedTwice_SecondTimeUnchanged()
    {
        var join = new JoinCombined(Leader, _stepTwoDue, [Channel.Email, Channel.Sms]);
        var @case = CaseDecider.Decide(StepOneSent(), join, _now.AddDays(-1)).AssertChanged();

        CaseDecider.Decide(@case, join, _now.AddDays(-1).AddSeconds(5)).AssertUnchanged();
    }

    [Fact]
    public void JoinCombined_PausedCase_RejectedInvalidState()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        CaseDecider.Decide(@case, new JoinCombined(Leader, _stepTwoDue, [Channel.Email]), _now.AddDays(-1)).AssertRejected(RejectionKind.InvalidState);
    }

    [Theory]
    [InlineData(ClosedReason.Paid)]
    [InlineData(ClosedReason.Cancelled)]
    public void JoinCombined_ClosedCase_RejectedInvalidState(ClosedReason reason)
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Closed(reason).Build();

        CaseDecider.Decide(@case, new JoinCombined(Leader, _stepTwoDue, [Channel.Email]), _now.AddDays(-1)).AssertRejected(RejectionKind.InvalidState);
    }

    [Fact]
    public void JoinCombined_CurrentStepStillGoingOut_ItsPendingMessageRidesAlongAndNoOtherStepFires()
    {
        // Both invoices fell due together: step 2's email, not yet sent, goes in the leader's message; step 3 never joins.
        var sending = StepTwoSending();

        var outcome = CaseDecider.Decide(sending, new JoinCombined(Leader, _now.AddDays(30), [Channel.Email]), _now);

        var joined = outcome.AssertChanged();
        Assert.Equal(sending.CurrentStep, joined.CurrentStep);
        Assert.Empty(outcome.Effects);
        Assert.All(joined.Messages.Where(m => m.Step == joined.CurrentStep && m.Channel == Channel.Email), m => Assert.Equal(Leader, m.CombinedWith));
        Assert.False(CaseDecider.IsMessageWanted(joined, joined.Messages.First(m => m.CombinedWith == Leader).Id));
    }

    [Fact]
    public void JoinCombined_NextRungIsTheHandoff_RejectedInvalidState()
    {
        var @case = new CaseBuilder().SentThrough(4, _stepOneSent).Build();

        CaseDecider.Decide(@case, new JoinCombined(Leader, _stepOneSent.AddDays(30), [Channel.Email]), _now).AssertRejected(RejectionKind.InvalidState);
    }

    [Fact]
    public void JoinCombined_NoneOfTheStepsChannelsInTheLeadersMessage_RejectedInvalidState()
    {
        // Step 1 goes by email only; a leader carrying only SMS cannot take it.
        var @case = new CaseBuilder().Build();

        CaseDecider.Decide(@case, new JoinCombined(Leader, CaseBuilder.OpenedAt.AddDays(2), [Channel.Sms]), CaseBuilder.OpenedAt.AddHours(1))
            .AssertRejected(RejectionKind.InvalidState);
    }

    [Fact]
    public void SkipMessage_JoinedMessageOfAStepThatNeverWentOut_StepGoesBackAndIsRescheduled()
    {
        // The leader's combined message was not sent after all: the joined step must come back on its own schedule.
        var joinedAt = _now.AddDays(-1);
        var @case = new CaseBuilder().WithDebtor(new DebtorBuilder().WithPhone(null)).SentThrough(1, _stepOneSent).Build();
        @case = CaseDecider.Decide(@case, new JoinCombined(Leader, _stepTwoDue, [Channel.Email]), joinedAt).AssertChanged();

        var outcome = CaseDecider.Decide(@case, new SkipMessage("2-email", "leader not sent"), joinedAt.AddMinutes(1));

        var skipped = outcome.AssertChanged();
        Assert.Equal(1, skipped.CurrentStep);
        Assert.DoesNotContain(skipped.Messages, m => m.Step == 2);
        outcome.AssertTimer("step:2", _stepTwoDue);
    }

    /// <summary>Step 1 (email only) fired at <see cref="_stepOneFired"/>; its message is pending.</summary>
    private static DunningCase StepOneFiring() =>
        CaseDecider.Decide(new CaseBuilder().Build(), new FireTimer("step:1", _stepOneFired), _stepOneFired).AssertChanged();

    /// <summary>Step 1 sent at <see cref="_stepOneSent"/>; step 2 is due at <see cref="_stepTwoDue"/>.</summary>
    private static DunningCase StepOneSent() =>
        CaseDecider.Decide(StepOneFiring(), new ConfirmMessage("1-email", "Asunto", "Texto", _stepOneSent), _stepOneSent).AssertChanged();

    /// <summary>Step 2 (email and SMS) fired at <see cref="_stepTwoDue"/>; both messages pending.</summary>
    private static DunningCase StepTwoSending() =>
        CaseDecider.Decide(new CaseBuilder().SentThrough(1, _stepOneSent).Build(), new FireTimer("step:2", _stepTwoDue), _stepTwoDue).AssertChanged();

    /// <summary>Step 2 sent on both channels at <see cref="_now"/>.</summary>
    private static DunningCase StepTwoSent()
    {
        var @case = CaseDecider.Decide(StepTwoSending(), new ConfirmMessage("2-email", "Asunto", "Texto", _now), _now).AssertChanged();
        return CaseDecider.Decide(@case, new ConfirmMessage("2-sms", "", "Texto", _now), _now).AssertChanged();
    }

    /// <summary>One transient deferral of 1-email at <paramref name="at"/>, then (when asked) its retry five minutes later.</summary>
    private static DunningCase DeferTransientlyAndRetry(DunningCase @case, ref DateTimeOffset at, bool retry)
    {
        var until = at.AddMinutes(5);
        @case = CaseDecider.Decide(@case, new DeferMessage("1-email", until, "provider 503", Transient: true), at).AssertChanged();
        Assert.Equal(CaseMessage.Deferred, Assert.Single(@case.Messages).Status);
        at = until;
        return retry ? CaseDecider.Decide(@case, new FireTimer("retry:1", until), until).AssertChanged() : @case;
    }

    [Fact]
    public void OpenCase_NewEmailForADebtorWithNoChannelLeft_ClearsAttentionAndReschedulesTheStep()
    {
        // A phone-only debtor who sent STOP waits for staff, until the ERP sends an email address.
        var phoneOnly = new DebtorBuilder().WithEmail(null).WithPhone("+56912345678").Build();
        var @case = new CaseBuilder().WithDebtor(phoneOnly).SentThrough(1, _stepOneSent).Build();
        @case = CaseDecider.Decide(@case, new OptOut(Channel.Sms, "STOP"), _now).AssertChanged();
        @case = CaseDecider.Decide(@case, new FireTimer("step:2", _stepTwoDue), _stepTwoDue).AssertChanged();
        Assert.Equal("noContactChannel", @case.Attention);

        var withEmail = new DebtorBuilder().WithPhone("+56912345678").Build();
        var later = _stepTwoDue.AddDays(1);
        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithDebtor(withEmail).Build(), later);

        var resumed = outcome.AssertChanged();
        Assert.Null(resumed.Attention);
        Assert.Equal(["debtorUpdated", "attentionCleared"], outcome.HistoryTypes());
        outcome.AssertTimer("step:2", later);
    }
}
