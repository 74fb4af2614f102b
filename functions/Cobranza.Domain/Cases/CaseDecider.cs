namespace Cobranza.Domain;

/// <summary>
/// The dunning workflow as a pure function: (case, command, now) -> (new case, history, effects, timer). No I/O and no
/// clock, so it is unit-tested without storage and could run unchanged inside a Durable Functions orchestrator.
/// The transition table in the README is this class.
/// </summary>
public static class CaseDecider
{
    private const int MaxPromiseDays = 366;

    public static CaseOutcome Decide(DunningCase? @case, CaseCommand command, DateTimeOffset now)
    {
        if (@case is null)
        {
            return command is OpenCase open
                ? Open(open, now)
                : CaseOutcome.Reject(RejectionKind.NotFound, "The case does not exist.");
        }

        var transition = new Transition(@case, now);
        return command switch
        {
            OpenCase open => Reopen(transition, open),
            ReceivePayment payment => Payments.Receive(transition, payment),
            ReversePayment reversal => Reversals.Reverse(transition, reversal),
            RecordPromise promise => Promise(transition, promise),
            Escalate escalate => EscalateCase(transition, escalate),
            Pause pause => PauseCase(transition, pause),
            Resume => ResumeCase(transition),
            Cancel cancel => Close(transition, ClosedReason.Cancelled, cancel.Reason, "cancel"),
            WriteOff writeOff => Close(transition, ClosedReason.WrittenOff, writeOff.Reason, "write off"),
            AddNote note => Note(transition, note),
            FireTimer timer => Timer(transition, timer),
            ConfirmMessage confirm => Messages.Confirm(transition, confirm),
            SkipMessage skip => Messages.Skip(transition, skip),
            ConfirmHandoff confirm => HandoffConfirmed(transition, confirm),
            DeferMessage defer => Messages.Defer(transition, defer),
            FailMessage fail => Messages.Fail(transition, fail),
            RecordDelivery report => Messages.Delivery(transition, report),
            OptOut optOut => OptOutOf(transition, optOut),
            JoinCombined join => Messages.Join(transition, join),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown case command."),
        };
    }

    /// <summary>Whether a message effect should still go out when its turn comes (nobody is chased after paying).</summary>
    public static bool IsMessageWanted(DunningCase @case, string messageId) =>
        @case.State == CaseState.Active
        && @case.Messages.Any(m => m.Id == messageId && m.Status == CaseMessage.Pending && m.Step == @case.CurrentStep && m.CombinedWith is null);

    /// <summary>The invoice whose combined message carries this message, if another one does.</summary>
    public static string? CarriedBy(DunningCase @case, string messageId) =>
        @case.Messages.FirstOrDefault(m => m.Id == messageId && m.Status == CaseMessage.Pending)?.CombinedWith;

    private static CaseOutcome Open(OpenCase open, DateTimeOffset now)
    {
        var @case = new DunningCase
        {
            InvoiceId = open.InvoiceId,
            InvoiceNumber = open.InvoiceNumber,
            Debtor = open.Debtor,
            Amount = open.Amount,
            Balance = open.Amount,
            Currency = open.Currency,
            IssuedOn = open.IssuedOn,
            DueOn = open.DueOn,
            PaymentUrl = open.PaymentUrl,
            Policy = open.Policy,
            State = CaseState.Active,
            OpenedAt = now,
            UpdatedAt = now,
        };
        var transition = new Transition(@case, now);
        transition.Record("opened",
            ("amount", open.Amount), ("currency", open.Currency), ("dueOn", open.DueOn),
            ("policy", open.Policy.Name), ("policyVersion", open.Policy.Version));
        ScheduleNextRung(transition);
        return transition.Done(ReplyKind.Created);
    }

    /// <summary>The ERP posted the same invoice again: same money is a duplicate (contact data may be newer), other money a conflict.</summary>
    private static CaseOutcome Reopen(Transition t, OpenCase open)
    {
        var @case = t.Case;
        if (@case.Amount != open.Amount || @case.Currency != open.Currency)
        {
            return CaseOutcome.Reject(RejectionKind.Conflict,
                $"Invoice {@case.InvoiceId} was opened with amount {@case.Amount} {@case.Currency}; it cannot change to {open.Amount} {open.Currency}.",
                @case.Amount != open.Amount ? "amount" : "currency");
        }

        var changed = false;
        if (open.Debtor != @case.Debtor)
        {
            t.Case = t.Case with { Debtor = open.Debtor };
            t.Record("debtorUpdated", ("debtorId", open.Debtor.Id));
            changed = true;
            if (t.Case.Attention is not null && t.Case.State == CaseState.Active
                && Messages.ChannelsFor(t.Case, t.Case.Policy.Steps[Math.Min(t.Case.CurrentStep, t.Case.Policy.Steps.Count - 1)]).Count > 0)
            {
                // New contact data gives the case a channel again: the ladder resumes where it waited.
                t.Case = t.Case with { Attention = null };
                t.Record("attentionCleared", ("cause", "debtorUpdated"));
                ScheduleNextRung(t);
            }
        }

        if ((open.InvoiceNumber is not null && open.InvoiceNumber != @case.InvoiceNumber)
            || (open.PaymentUrl is not null && open.PaymentUrl != @case.PaymentUrl))
        {
            t.Case = t.Case with
            {
                InvoiceNumber = open.InvoiceNumber ?? @case.InvoiceNumber,
                PaymentUrl = open.PaymentUrl ?? @case.PaymentUrl,
            };
            t.Record("invoiceUpdated", ("invoiceNumber", t.Case.InvoiceNumber));
            changed = true;
        }

        return changed ? t.Done() : CaseOutcome.Unchanged();
    }

    private static CaseOutcome Promise(Transition t, RecordPromise promise)
    {
        var @case = t.Case;
        if (@case.State is not (CaseState.Active or CaseState.Promised))
        {
            return InvalidState(@case, "record a promise on");
        }

        var zone = @case.Debtor.Zone;
        var today = LocalClock.LocalDate(t.Now, zone);
        if (promise.PromisedOn < today)
        {
            return CaseOutcome.Reject(RejectionKind.Invalid, $"The promised date {promise.PromisedOn:yyyy-MM-dd} is in the past (today is {today:yyyy-MM-dd} in {@case.Debtor.TimeZone}).", "promisedOn");
        }

        if (promise.PromisedOn > today.AddDays(MaxPromiseDays))
        {
            return CaseOutcome.Reject(RejectionKind.Invalid, $"The promised date is more than {MaxPromiseDays} days ahead.", "promisedOn");
        }

        if (promise.Amount is { } amount && (amount <= 0 || amount > @case.Balance))
        {
            return CaseOutcome.Reject(RejectionKind.Invalid, $"The promised amount must be more than 0 and at most the balance ({@case.Balance} {@case.Currency}).", "amount");
        }

        if (promise.Amount is { } precise && Currency.TryParse(@case.Currency, out var currency) && !currency.HasValidPrecision(precise))
        {
            return CaseOutcome.Reject(RejectionKind.Invalid, $"{currency.Code} has {currency.MinorUnits} decimal places; {precise} has more.", "amount");
        }

        if (@case.Promise is { Status: PaymentPromise.Pending })
        {
            t.Record("promiseReplaced", ("promisedOn", @case.Promise.PromisedOn));
        }

        var deadline = Ladder.PromiseDeadline(promise.PromisedOn, @case.Policy.PromiseGrace, zone);
        t.Case = t.Case with
        {
            State = CaseState.Promised,
            Promise = new PaymentPromise(promise.PromisedOn, promise.Amount, promise.Note, t.Now, deadline,
                promise.Amount ?? @case.Balance, 0m, PaymentPromise.Pending),
        };
        t.Record("promiseRecorded", ("promisedOn", promise.PromisedOn), ("amount", promise.Amount), ("note", promise.Note), ("deadlineAt", deadline));
        t.ScheduleAt(deadline, Ladder.PromiseTag);
        return t.Done();
    }

    private static CaseOutcome EscalateCase(Transition t, Escalate escalate)
    {
        if (t.Case.State is not (CaseState.Active or CaseState.Promised or CaseState.Paused))
        {
            return InvalidState(t.Case, "escalate");
        }

        WithdrawPromise(t, "escalated");
        t.Case = t.Case with { State = CaseState.Active, PausedFrom = null };
        t.Record("escalated", ("to", Wire.Name(escalate.To)), ("reason", escalate.Reason));
        switch (escalate.To)
        {
            case EscalationTarget.Legal:
                HandOff(t, HandoffTarget.Legal, "escalated");
                break;
            case EscalationTarget.Agency:
                HandOff(t, HandoffTarget.Agency, "escalated");
                break;
            default:
                FireNextRung(t, "escalated");
                break;
        }

        return t.Done();
    }

    private static CaseOutcome PauseCase(Transition t, Pause pause)
    {
        if (t.Case.State is not (CaseState.Active or CaseState.Promised))
        {
            return InvalidState(t.Case, "pause");
        }

        t.Case = t.Case with { State = CaseState.Paused, PausedFrom = t.Case.State };
        t.Record("paused", ("reason", pause.Reason));
        t.ClearSchedule();
        return t.Done();
    }

    private static CaseOutcome ResumeCase(Transition t)
    {
        if (t.Case.State != CaseState.Paused)
        {
            return InvalidState(t.Case, "resume");
        }

        var promise = t.Case.Promise;
        t.Record("resumed");
        if (t.Case.PausedFrom == CaseState.Promised && promise is { Status: PaymentPromise.Pending })
        {
            t.Case = t.Case with { State = CaseState.Promised, PausedFrom = null };
            if (t.Now < promise.DeadlineAt)
            {
                t.ScheduleAt(promise.DeadlineAt, Ladder.PromiseTag);
            }
            else
            {
                BreakPromise(t);
            }

            return t.Done();
        }

        t.Case = t.Case with { State = CaseState.Active, PausedFrom = null };
        ScheduleNextRung(t);
        return t.Done();
    }

    private static CaseOutcome Close(Transition t, ClosedReason reason, string? note, string action)
    {
        if (t.Case.IsClosed)
        {
            return InvalidState(t.Case, action);
        }

        WithdrawPromise(t, Wire.Name(reason));
        CloseAs(t, reason, note);
        return t.Done();
    }

    internal static void CloseAs(Transition t, ClosedReason reason, string? note)
    {
        t.Case = t.Case with { State = CaseState.Closed, ClosedReason = reason, ClosedAt = t.Now, PausedFrom = null };
        t.Record("closed", ("reason", Wire.Name(reason)), ("note", note));
        t.ClearSchedule();
    }

    private static CaseOutcome Note(Transition t, AddNote note)
    {
        t.Record("note", ("text", note.Text));
        return t.Done();
    }

    private static CaseOutcome Timer(Transition t, FireTimer timer)
    {
        var @case = t.Case;
        if (@case.State == CaseState.Promised && timer.Tag == Ladder.PromiseTag
            && @case.Promise is { Status: PaymentPromise.Pending } pending && timer.DueAt >= pending.DeadlineAt)
        {
            t.Case = t.Case with { NextActionAt = null };
            BreakPromise(t);
            return t.Done();
        }

        if (@case.State == CaseState.Active && timer.Tag == Messages.RetryTag(@case.CurrentStep)
            && @case.Messages.Any(m => m.Step == @case.CurrentStep && m.Status == CaseMessage.Deferred))
        {
            t.Case = t.Case with { NextActionAt = null };
            Messages.Retry(t);
            return t.Done();
        }

        if (@case.State == CaseState.Active && timer.Tag == Messages.RideTag(@case.CurrentStep) && Messages.HasRiders(@case))
        {
            t.Case = t.Case with { NextActionAt = null };
            Messages.ReleaseRiders(t);
            return t.Done();
        }

        // The runtime drops timers whose token is stale; this guards against a tag that no longer matches the ladder.
        if (@case.State != CaseState.Active || Ladder.NextRung(@case) is not { } rung || rung.Tag != timer.Tag)
        {
            return CaseOutcome.Unchanged();
        }

        t.Case = t.Case with { NextActionAt = null };
        FireNextRung(t, "timer");
        return t.Done();
    }

    private static CaseOutcome HandoffConfirmed(Transition t, ConfirmHandoff confirm)
    {
        t.Record("handoffDelivered", ("to", Wire.Name(confirm.To)), ("location", confirm.Location), ("notified", confirm.Notified));
        return t.Done();
    }

    /// <summary>The debtor opted out of a channel: later steps avoid it (falling back to the other, or waiting for staff).</summary>
    private static CaseOutcome OptOutOf(Transition t, OptOut optOut)
    {
        if (t.Case.OptedOut.Contains(optOut.Channel))
        {
            return CaseOutcome.Unchanged();
        }

        t.Case = t.Case with { OptedOut = [.. t.Case.OptedOut, optOut.Channel] };
        t.Record("optedOut", ("channel", Wire.Name(optOut.Channel)), ("source", optOut.Source));
        return t.Done();
    }

    /// <summary>A broken promise resumes the ladder at its next step, now.</summary>
    private static void BreakPromise(Transition t)
    {
        t.Case = t.Case with { State = CaseState.Active, Promise = t.Case.Promise! with { Status = PaymentPromise.Broken } };
        t.Record("promiseBroken", ("promisedOn", t.Case.Promise!.PromisedOn), ("paid", t.Case.Promise.PaidSoFar));
        FireNextRung(t, "promiseBroken");
    }

    private static void WithdrawPromise(Transition t, string why)
    {
        if (t.Case.Promise is { Status: PaymentPromise.Pending } promise)
        {
            t.Case = t.Case with { Promise = promise with { Status = PaymentPromise.Withdrawn } };
            t.Record("promiseWithdrawn", ("promisedOn", promise.PromisedOn), ("cause", why));
        }
    }

    /// <summary>Sends the next step now, or hands off when every step has been sent.</summary>
    internal static void FireNextRung(Transition t, string cause)
    {
        var policy = t.Case.Policy;
        if (t.Case.CurrentStep < policy.Steps.Count)
        {
            Messages.FireStep(t, t.Case.CurrentStep + 1, cause);
        }
        else
        {
            HandOff(t, policy.Handoff.To, cause);
        }
    }

    /// <summary>
    /// Schedules the case's one timer when it is active: the next rung when nothing is in flight, else the retry of the
    /// step's deferred messages; otherwise clears it.
    /// </summary>
    internal static void ScheduleNextRung(Transition t)
    {
        if (t.Case.State == CaseState.Active && t.Case.Attention is null && Ladder.NextRung(t.Case) is { } rung)
        {
            var due = rung.DueAt > t.Now ? rung.DueAt : t.Now;
            if (t.Case.Policy.ContactRules is { } rules && rung.Tag != Ladder.HandoffTag)
            {
                // Aim a step at a moment the debtor may be contacted; the sender checks again when it runs.
                due = ContactWindow.NextAllowed(due, rules, t.Case.Debtor.Zone);
            }

            t.ScheduleAt(due, rung.Tag);
        }
        else if (t.Case.State == CaseState.Active && Messages.EarliestRetry(t.Case) is { } retry)
        {
            t.ScheduleAt(retry > t.Now ? retry : t.Now, Messages.RetryTag(t.Case.CurrentStep));
        }
        else
        {
            t.ClearSchedule();
        }
    }

    private static void HandOff(Transition t, HandoffTarget to, string cause)
    {
        t.Case = t.Case with { State = CaseState.HandedOff, HandedOffTo = to };
        t.Record("handedOff", ("to", Wire.Name(to)), ("cause", cause));
        t.Emit(new HandOver(to));
        t.ClearSchedule();
    }

    internal static CaseOutcome InvalidState(DunningCase @case, string action) =>
        CaseOutcome.Reject(RejectionKind.InvalidState,
            $"Cannot {action} a case that is {Describe(@case)}.");

    private static string Describe(DunningCase @case) => @case.State switch
    {
        CaseState.Closed => $"closed ({Wire.Name(@case.ClosedReason ?? ClosedReason.Paid)})",
        CaseState.HandedOff => $"handed off to {Wire.Name(@case.HandedOffTo ?? HandoffTarget.Legal)}",
        _ => Wire.Name(@case.State),
    };
}
