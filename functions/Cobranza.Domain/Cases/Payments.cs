namespace Cobranza.Domain;

/// <summary>How a payment changes a case: the balance falls (never below zero), a promise may be kept, zero closes it.</summary>
internal static class Payments
{
    public static CaseOutcome Receive(Transition t, ReceivePayment payment)
    {
        var @case = t.Case;
        var earlier = @case.Payments.FirstOrDefault(p => p.PaymentId == payment.PaymentId);
        if (earlier is not null)
        {
            return earlier.Amount == payment.Amount && earlier.Currency == payment.Currency && earlier.PaidAt == payment.PaidAt
                ? CaseOutcome.Unchanged()
                : CaseOutcome.Reject(RejectionKind.Conflict, $"Payment {payment.PaymentId} was already received with other content.", "paymentId");
        }

        if (payment.Currency != @case.Currency)
        {
            return CaseOutcome.Reject(RejectionKind.Unprocessable,
                $"The payment is in {payment.Currency} but invoice {@case.InvoiceId} is in {@case.Currency}.", "currency");
        }

        var applied = Math.Min(payment.Amount, @case.Balance);
        var excess = payment.Amount - applied;
        t.Case = @case with
        {
            Balance = @case.Balance - applied,
            Overpayment = @case.Overpayment + excess,
            Payments = [.. @case.Payments, new CasePayment(payment.PaymentId, payment.Amount, payment.Currency, payment.PaidAt, applied, t.Now)],
        };
        t.Record("paymentReceived",
            ("paymentId", payment.PaymentId), ("amount", payment.Amount), ("applied", applied),
            ("overpayment", excess), ("balance", t.Case.Balance), ("paidAt", payment.PaidAt));

        if (@case.IsClosed)
        {
            // Money is a fact: a late payment on a closed case is recorded, the case stays closed.
            return t.Done();
        }

        if (t.Case.Balance == 0)
        {
            KeepPromiseIfPending(t, payment.Amount);
            CaseDecider.CloseAs(t, ClosedReason.Paid, null);
            return t.Done();
        }

        if (KeepPromiseIfPending(t, payment.Amount))
        {
            // The promised amount arrived but a balance remains: the ladder goes on from where it was.
            if (t.Case.State == CaseState.Promised)
            {
                t.Case = t.Case with { State = CaseState.Active };
                CaseDecider.ScheduleNextRung(t);
            }
            else if (t.Case.State == CaseState.Paused)
            {
                t.Case = t.Case with { PausedFrom = CaseState.Active };
            }
        }

        return t.Done();
    }

    /// <summary>Counts a payment towards a pending promise; returns true when that keeps it.</summary>
    private static bool KeepPromiseIfPending(Transition t, decimal amount)
    {
        if (t.Case.Promise is not { Status: PaymentPromise.Pending } promise)
        {
            return false;
        }

        var paid = promise.PaidSoFar + amount;
        if (t.Now > promise.DeadlineAt)
        {
            // Paid after the deadline, before its timer fired: the promise was broken all the same. If a balance remains,
            // the pending deadline timer breaks it and resumes the ladder; if this closes the case, record it here.
            if (t.Case.Balance == 0)
            {
                t.Case = t.Case with { Promise = promise with { PaidSoFar = paid, Status = PaymentPromise.Broken } };
                t.Record("promiseBroken", ("promisedOn", promise.PromisedOn), ("paid", paid));
            }

            return false;
        }

        var kept = paid >= promise.Target;
        t.Case = t.Case with { Promise = promise with { PaidSoFar = paid, Status = kept ? PaymentPromise.Kept : PaymentPromise.Pending } };
        if (kept)
        {
            t.Record("promiseKept", ("promisedOn", promise.PromisedOn), ("paid", paid));
        }

        return kept;
    }
}
