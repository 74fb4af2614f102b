namespace Cobranza.Domain;

/// <summary>
/// How a refund or a chargeback changes a case: the reversed money counts no longer, so the balance rises again; a
/// case closed because it was paid reopens at the step it had reached and the chase goes on. A reversal undone (a
/// dispute won) applies the money again, and may close the case as paid once more.
/// </summary>
internal static class Reversals
{
    public static CaseOutcome Reverse(Transition t, ReversePayment reversal)
    {
        var @case = t.Case;
        var payment = @case.Payments.FirstOrDefault(p => p.PaymentId == reversal.PaymentId);
        if (payment is null)
        {
            return CaseOutcome.Reject(RejectionKind.NotFound, $"Payment {reversal.PaymentId} was never applied to invoice {@case.InvoiceId}.", "paymentId");
        }

        if (reversal.Total < 0 || reversal.Total > payment.Amount)
        {
            return CaseOutcome.Reject(RejectionKind.Unprocessable,
                $"A {Wire.Name(reversal.Kind)} of payment {payment.PaymentId} is between 0 and its amount, {payment.Amount}.", "total");
        }

        var updated = reversal.Kind == PaymentReversal.Refund ? payment with { Refunded = reversal.Total } : payment with { ChargedBack = reversal.Total };
        if (updated == payment)
        {
            return CaseOutcome.Unchanged();
        }

        var (oldFromOverpayment, oldFromApplied) = payment.Split(payment.Reversed);
        var (newFromOverpayment, newFromApplied) = updated.Split(updated.Reversed);
        var balance = @case.Balance + (newFromApplied - oldFromApplied);
        var overpayment = @case.Overpayment - (newFromOverpayment - oldFromOverpayment);

        // Money applied again after other payments settled the invoice is an overpayment, and the other way round.
        (balance, overpayment) = balance < 0 ? (0m, overpayment - balance)
            : overpayment < 0 ? (balance - overpayment, 0m)
            : (balance, overpayment);

        t.Case = @case with
        {
            Balance = balance,
            Overpayment = overpayment,
            Payments = [.. @case.Payments.Select(p => p.PaymentId == payment.PaymentId ? updated : p)],
        };
        t.Record("paymentReversed",
            ("paymentId", payment.PaymentId), ("kind", Wire.Name(reversal.Kind)), ("total", reversal.Total),
            ("reversed", updated.Reversed), ("balance", balance));

        if (@case is { State: CaseState.Closed, ClosedReason: ClosedReason.Paid } && balance > 0)
        {
            t.Case = t.Case with { State = CaseState.Active, ClosedReason = null, ClosedAt = null };
            t.Record("reopened", ("cause", Wire.Name(reversal.Kind)), ("step", t.Case.CurrentStep), ("balance", balance));
            CaseDecider.ScheduleNextRung(t);
        }
        else if (@case.State != CaseState.Closed && balance == 0)
        {
            CaseDecider.CloseAs(t, ClosedReason.Paid, null);
        }

        return t.Done();
    }
}
