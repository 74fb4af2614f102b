namespace Cobranza.Domain;

/// <summary>How a step's messages are decided, confirmed by a channel, or skipped when no longer wanted.</summary>
internal static class Messages
{
    /// <summary>
    /// Fires step <paramref name="step"/>: one message per channel of the step that the debtor can be reached on (or, when
    /// none, on whatever the debtor has), recorded as pending together with the effects that send them. Channels the
    /// debtor opted out of are left out, and email gives way to SMS after a hard bounce; with no channel left the case
    /// waits for staff. Messages on <paramref name="joinedTo"/>'s channels ride in that invoice's combined message instead.
    /// </summary>
    public static void FireStep(Transition t, int step, string cause, (string Leader, IReadOnlyList<Channel> Channels)? joinedTo = null)
    {
        var @case = t.Case;
        var policyStep = @case.Policy.Steps[step - 1];
        var channels = ChannelsFor(@case, policyStep);
        if (channels.Count == 0)
        {
            t.Case = @case with { Attention = "noContactChannel" };
            t.Record("noContactChannel", ("step", step), ("optedOut", @case.OptedOut.Select(c => Wire.Name(c)).ToArray()));
            t.ClearSchedule();
            return;
        }

        var messages = @case.Messages.Where(m => !(m.Step == step && m.IsOutstanding)).ToList();
        foreach (var channel in channels)
        {
            var id = $"{step}-{Wire.Name(channel)}";
            var to = @case.Debtor.AddressFor(channel)!;
            var leader = joinedTo is { } join && join.Channels.Contains(channel) ? join.Leader : null;
            messages.Add(new CaseMessage(id, step, channel, @case.Debtor.Language, to, CaseMessage.Pending, null, null, null, CombinedWith: leader));
            if (leader is null)
            {
                t.Emit(new SendMessage(id, step, channel, to, @case.Debtor.Language, policyStep.Template, policyStep.Tone, t.Now));
            }
        }

        t.Case = @case with { CurrentStep = step, Messages = messages, Attention = null };
        t.Record("stepFired",
            ("step", step), ("tone", Wire.Name(policyStep.Tone)), ("template", policyStep.Template),
            ("channels", channels.Select(c => Wire.Name(c)).ToArray()), ("cause", cause),
            ("combinedWith", joinedTo?.Leader));
        t.ClearSchedule();
    }

    /// <summary>The channels a step goes out on for this debtor, in the policy's order.</summary>
    internal static List<Channel> ChannelsFor(DunningCase @case, PolicyStep step)
    {
        bool Usable(Channel c) => @case.Debtor.AddressFor(c) is not null && !@case.OptedOut.Contains(c)
            && !(c == Channel.Email && @case.EmailBounced && Usable(Channel.Sms));
        var channels = step.Channels.Where(Usable).ToList();
        if (channels.Count == 0)
        {
            channels = Enum.GetValues<Channel>().Where(Usable).ToList();
        }

        return channels;
    }

    /// <summary>
    /// Another invoice of the debtor sends a step now and offers to carry this case's next step, if that step falls due
    /// before <see cref="JoinCombined.Horizon"/>. Nothing is delayed: only steps due soon are pulled forward, never two
    /// steps of one invoice. Asking again is harmless: the messages already joined stay as they are.
    /// </summary>
    public static CaseOutcome Join(Transition t, JoinCombined join)
    {
        var @case = t.Case;
        if (@case.Messages.Any(m => m.Step == @case.CurrentStep && m.CombinedWith == join.Leader && m.IsOutstanding))
        {
            return CaseOutcome.Unchanged();
        }

        if (@case.State != CaseState.Active || @case.Attention is not null)
        {
            return CaseOutcome.Reject(RejectionKind.InvalidState, $"The case is {Wire.Name(@case.State)}.");
        }

        if (join.AnswerBy is { } answerBy && t.Now > answerBy)
        {
            return CaseOutcome.Reject(RejectionKind.InvalidState, $"Invoice {join.Leader} stopped waiting for this case at {answerBy:O}.");
        }

        // The current step fired but its own messages have not gone out yet (both invoices fell due together): they ride
        // along instead, and their own send effects find them combined and do nothing.
        var waiting = @case.Messages
            .Where(m => m.Step == @case.CurrentStep && m.Status == CaseMessage.Pending && m.CombinedWith is null && join.Channels.Contains(m.Channel))
            .ToList();
        if (waiting.Count > 0)
        {
            foreach (var message in waiting)
            {
                Replace(t, message, message with { CombinedWith = join.Leader });
            }

            t.Record("messagesCombined", ("step", @case.CurrentStep), ("combinedWith", join.Leader));
            t.ScheduleAt(join.Horizon, RideTag(@case.CurrentStep));
            return t.Done();
        }

        if (Ladder.NextRung(@case) is not { } rung || !rung.Tag.StartsWith("step:", StringComparison.Ordinal) || rung.DueAt > join.Horizon)
        {
            return CaseOutcome.Reject(RejectionKind.InvalidState, "The case has no step due within the window.");
        }

        FireStep(t, @case.CurrentStep + 1, "combined", (join.Leader, join.Channels));
        if (!t.Case.Messages.Any(m => m.CombinedWith == join.Leader && m.Step == t.Case.CurrentStep && m.IsOutstanding))
        {
            return CaseOutcome.Reject(RejectionKind.InvalidState, "None of the step's channels is in the combined message.");
        }

        t.ScheduleAt(join.Horizon, RideTag(t.Case.CurrentStep));
        return t.Done();
    }

    /// <summary>The tag of the timer after which the current step's riding messages stop waiting for their leader.</summary>
    public static string RideTag(int step) => $"ride:{step}";

    /// <summary>Whether the current step still has messages waiting for another invoice's combined message.</summary>
    internal static bool HasRiders(DunningCase @case) =>
        @case.Messages.Any(m => m.Step == @case.CurrentStep && m.Status == CaseMessage.Pending && m.CombinedWith is not null);

    /// <summary>
    /// The leader neither confirmed nor skipped the messages riding on it in time (it crashed, it was paid, it gave up
    /// waiting for this case's answer): they go out on their own.
    /// </summary>
    public static void ReleaseRiders(Transition t)
    {
        var step = t.Case.CurrentStep;
        var policyStep = t.Case.Policy.Steps[step - 1];
        var riders = t.Case.Messages.Where(m => m.Step == step && m.Status == CaseMessage.Pending && m.CombinedWith is not null).ToList();
        foreach (var message in riders)
        {
            Replace(t, message, message with { CombinedWith = null });
            t.Emit(new SendMessage(message.Id, step, message.Channel, message.To, message.Language, policyStep.Template, policyStep.Tone, t.Now));
        }

        t.Record("messagesReleased", ("step", step), ("combinedWith", riders[0].CombinedWith), ("messages", riders.Select(m => m.Id).ToArray()));
        t.ClearSchedule();
    }

    /// <summary>The message waits: outside the contact rules, over the weekly cap, or after a transient provider failure.</summary>
    public static CaseOutcome Defer(Transition t, DeferMessage defer)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == defer.MessageId && m.Status == CaseMessage.Pending);
        if (message is null)
        {
            return CaseOutcome.Unchanged();
        }

        var deferrals = message.Deferrals + (defer.Transient ? 1 : 0);
        if (defer.Transient && deferrals > MaxTransientDeferrals)
        {
            return Fail(t, new FailMessage(defer.MessageId, $"{defer.Reason} (gave up after {MaxTransientDeferrals} reschedules)"));
        }

        Replace(t, message, message with { Status = CaseMessage.Deferred, DeferredUntil = defer.Until, Deferrals = deferrals, Detail = defer.Reason });
        t.Record("messageDeferred", ("messageId", message.Id), ("step", message.Step), ("until", defer.Until), ("reason", defer.Reason));
        CaseDecider.ScheduleNextRung(t);
        return t.Done();
    }

    /// <summary>How many times a provider's transient failure reschedules a message before it is marked failed.</summary>
    public const int MaxTransientDeferrals = CaseMessage.MaxTransientDeferrals;

    public static CaseOutcome Fail(Transition t, FailMessage fail)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == fail.MessageId && m.IsOutstanding);
        if (message is null)
        {
            return CaseOutcome.Unchanged();
        }

        Replace(t, message, message with { Status = CaseMessage.Failed, Detail = fail.Reason, DeferredUntil = null });
        t.Record("messageFailed", ("messageId", message.Id), ("step", message.Step), ("channel", Wire.Name(message.Channel)), ("reason", fail.Reason));
        StepSettled(t, message.Step);
        return t.Done();
    }

    /// <summary>A delivery report: delivered, bounced (a hard bounce stops email for later steps) or failed.</summary>
    public static CaseOutcome Delivery(Transition t, RecordDelivery report)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == report.MessageId && m.Status is CaseMessage.Sent or CaseMessage.Delivered);
        if (message is null || message.Status == report.Status)
        {
            return CaseOutcome.Unchanged();
        }

        Replace(t, message, message with { Status = report.Status, Detail = report.Detail });
        t.Record("messageDelivery", ("messageId", message.Id), ("status", report.Status), ("detail", report.Detail), ("reportedAt", report.At));
        if (report.Status == CaseMessage.Bounced && message.Channel == Channel.Email && !t.Case.EmailBounced)
        {
            t.Case = t.Case with { EmailBounced = true };
            t.Record("emailBounced", ("to", message.To));
        }

        return t.Done();
    }

    /// <summary>When a deferred message's time comes, it is sent again (the same idempotency key).</summary>
    public static void Retry(Transition t)
    {
        var step = t.Case.CurrentStep;
        var policyStep = t.Case.Policy.Steps[step - 1];
        foreach (var message in t.Case.Messages.Where(m => m.Step == step && m.Status == CaseMessage.Deferred).ToList())
        {
            Replace(t, message, message with { Status = CaseMessage.Pending, DeferredUntil = null });
            t.Emit(new SendMessage(message.Id, step, message.Channel, message.To, message.Language, policyStep.Template, policyStep.Tone, t.Now));
        }

        t.Record("messagesRetried", ("step", step));
        t.ClearSchedule();
    }

    public static string RetryTag(int step) => $"retry:{step}";

    /// <summary>When the earliest deferred message of the current step may go, if nothing of the step is pending.</summary>
    internal static DateTimeOffset? EarliestRetry(DunningCase @case)
    {
        var step = @case.Messages.Where(m => m.Step == @case.CurrentStep).ToList();
        return step.Any(m => m.Status == CaseMessage.Pending)
            ? null
            : step.Where(m => m.Status == CaseMessage.Deferred).Select(m => m.DeferredUntil ?? DateTimeOffset.MinValue).Order().Cast<DateTimeOffset?>().FirstOrDefault();
    }

    private static void Replace(Transition t, CaseMessage old, CaseMessage updated) =>
        t.Case = t.Case with { Messages = t.Case.Messages.Select(m => m == old ? updated : m).ToList() };

    public static CaseOutcome Confirm(Transition t, ConfirmMessage confirm)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == confirm.MessageId && m.Status == CaseMessage.Pending);
        if (message is null)
        {
            return CaseOutcome.Unchanged();
        }

        var sent = message with { Status = CaseMessage.Sent, Subject = confirm.Subject, Body = confirm.Body, SentAt = confirm.SentAt, ProviderMessageId = confirm.ProviderMessageId, DeferredUntil = null };
        t.Case = t.Case with { Messages = t.Case.Messages.Select(m => m == message ? sent : m).ToList() };
        t.Record("messageSent", ("messageId", message.Id), ("step", message.Step), ("channel", Wire.Name(message.Channel)));
        StepSettled(t, message.Step);
        return t.Done();
    }

    public static CaseOutcome Skip(Transition t, SkipMessage skip)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == skip.MessageId && m.IsOutstanding);
        if (message is null)
        {
            return CaseOutcome.Unchanged();
        }

        t.Case = t.Case with { Messages = t.Case.Messages.Where(m => m != message).ToList() };
        t.Record("messageCancelled", ("messageId", message.Id), ("step", message.Step), ("reason", skip.Reason));
        if (message.Step == t.Case.CurrentStep && !t.Case.Messages.Any(m => m.Step == message.Step))
        {
            // Nothing of this step reached the debtor: it has not really been sent, so it fires again when the ladder resumes.
            t.Case = t.Case with { CurrentStep = message.Step - 1 };
            if (t.Case.State == CaseState.Active)
            {
                // Resumed before the skip arrived: nothing else would bring the step back, so schedule it now.
                CaseDecider.ScheduleNextRung(t);
            }
        }
        else
        {
            StepSettled(t, message.Step);
        }

        return t.Done();
    }

    /// <summary>When the last pending message of the current step settles, the next wait starts from its sending.</summary>
    private static void StepSettled(Transition t, int step)
    {
        if (step != t.Case.CurrentStep)
        {
            return;
        }

        if (t.Case.PendingMessages > 0)
        {
            // Only deferred messages left: nothing else would bring them back, so their retry is scheduled now.
            if (t.Case.State == CaseState.Active && EarliestRetry(t.Case) is not null)
            {
                CaseDecider.ScheduleNextRung(t);
            }

            return;
        }

        // The next wait counts from when the step actually went out; a step whose messages all failed counts from now.
        var sentAt = t.Case.Messages.Where(m => m.Step == step && m.SentAt is not null).Select(m => m.SentAt!.Value).DefaultIfEmpty().Max();
        t.Case = t.Case with { LastStepSentAt = sentAt != default ? sentAt : t.Now };

        if (t.Case.State == CaseState.Active)
        {
            CaseDecider.ScheduleNextRung(t);
        }
    }
}
