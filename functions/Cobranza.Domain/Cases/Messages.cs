namespace Cobranza.Domain;

/// <summary>How a step's messages are decided, confirmed by a channel, or skipped when no longer wanted.</summary>
internal static class Messages
{
    /// <summary>
    /// Fires step <paramref name="step"/>: one message per channel of the step that the debtor can be reached on (or, when
    /// none, on whatever the debtor has), recorded as pending together with the effects that send them.
    /// </summary>
    public static void FireStep(Transition t, int step, string cause)
    {
        var @case = t.Case;
        var policyStep = @case.Policy.Steps[step - 1];
        var channels = policyStep.Channels.Where(c => @case.Debtor.AddressFor(c) is not null).ToList();
        if (channels.Count == 0)
        {
            channels = Enum.GetValues<Channel>().Where(c => @case.Debtor.AddressFor(c) is not null).ToList();
        }

        var messages = @case.Messages.Where(m => !(m.Step == step && m.Status == CaseMessage.Pending)).ToList();
        foreach (var channel in channels)
        {
            var id = $"{step}-{Wire.Name(channel)}";
            var to = @case.Debtor.AddressFor(channel)!;
            messages.Add(new CaseMessage(id, step, channel, @case.Debtor.Language, to, CaseMessage.Pending, null, null, null));
            t.Emit(new SendMessage(id, step, channel, to, @case.Debtor.Language, policyStep.Template, policyStep.Tone, t.Now));
        }

        t.Case = @case with { CurrentStep = step, Messages = messages };
        t.Record("stepFired",
            ("step", step), ("tone", Wire.Name(policyStep.Tone)), ("template", policyStep.Template),
            ("channels", channels.Select(c => Wire.Name(c)).ToArray()), ("cause", cause));
        t.ClearSchedule();
    }

    public static CaseOutcome Confirm(Transition t, ConfirmMessage confirm)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == confirm.MessageId && m.Status == CaseMessage.Pending);
        if (message is null)
        {
            return CaseOutcome.Unchanged();
        }

        var sent = message with { Status = CaseMessage.Sent, Subject = confirm.Subject, Body = confirm.Body, SentAt = confirm.SentAt };
        t.Case = t.Case with { Messages = t.Case.Messages.Select(m => m == message ? sent : m).ToList() };
        t.Record("messageSent", ("messageId", message.Id), ("step", message.Step), ("channel", Wire.Name(message.Channel)));
        StepSettled(t, message.Step);
        return t.Done();
    }

    public static CaseOutcome Skip(Transition t, SkipMessage skip)
    {
        var message = t.Case.Messages.FirstOrDefault(m => m.Id == skip.MessageId && m.Status == CaseMessage.Pending);
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
        if (step != t.Case.CurrentStep || t.Case.PendingMessages > 0)
        {
            return;
        }

        var sentAt = t.Case.Messages.Where(m => m.Step == step && m.SentAt is not null).Select(m => m.SentAt!.Value).DefaultIfEmpty().Max();
        if (sentAt != default)
        {
            t.Case = t.Case with { LastStepSentAt = sentAt };
        }

        if (t.Case.State == CaseState.Active)
        {
            CaseDecider.ScheduleNextRung(t);
        }
    }
}
