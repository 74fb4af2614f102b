using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;

namespace Cobranza.Functions.Payments;

/// <summary>
/// Applies payments to cases. Idempotent by payment id: the ledger remembers every payment, so a redelivery answers as
/// the first time did and the same id with other content is a conflict.
/// </summary>
public sealed class PaymentService(CaseService cases, IDurableClient<DunningCase> instances, PaymentLedger ledger, TimeProvider time)
{
    public const string Actor = "payments";

    public enum Kind { Applied, Unmatched, Duplicate, Conflict, Rejected }

    public sealed record Result(Kind Kind, PaymentRecord? Payment, Rejection? Rejection = null, DunningCase? Case = null);

    public async Task<Result> ReceiveAsync(string paymentId, string invoiceId, decimal amount, string currency, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var known = await ledger.GetAsync(paymentId, cancellationToken);
        if (known is not null)
        {
            return known.SameContentAs(invoiceId, amount, currency, paidAt)
                ? new Result(Kind.Duplicate, known)
                : new Result(Kind.Conflict, known, new Rejection(RejectionKind.Conflict, $"Payment {paymentId} was already received with other content.", "paymentId"));
        }

        var payment = new PaymentRecord(paymentId, invoiceId, amount, currency, paidAt, PaymentRecord.Unmatched, time.GetUtcNow());
        if (await instances.GetAsync(invoiceId, includeHistory: false, cancellationToken) is null)
        {
            await ledger.RecordAsync(payment, cancellationToken);

            // The case may have opened while the payment was being recorded, after it looked for unmatched payments:
            // look once more, so the payment cannot fall between the two. Applying twice is harmless (idempotent by id).
            if (await instances.GetAsync(invoiceId, includeHistory: false, cancellationToken) is null)
            {
                return new Result(Kind.Unmatched, payment);
            }
        }

        return await ApplyAsync(payment, Actor, cancellationToken);
    }

    /// <summary>Staff match an unmatched payment to an invoice.</summary>
    public async Task<Result> MatchAsync(string paymentId, string invoiceId, string actor, CancellationToken cancellationToken)
    {
        var payment = await ledger.GetAsync(paymentId, cancellationToken);
        if (payment is null)
        {
            return new Result(Kind.Rejected, null, new Rejection(RejectionKind.NotFound, $"No payment {paymentId} was received."));
        }

        if (payment.Status != PaymentRecord.Unmatched)
        {
            return new Result(Kind.Conflict, payment, new Rejection(RejectionKind.Conflict, $"Payment {paymentId} is already applied to {payment.InvoiceId}."));
        }

        if (await instances.GetAsync(invoiceId, includeHistory: false, cancellationToken) is null)
        {
            return new Result(Kind.Rejected, payment, new Rejection(RejectionKind.NotFound, $"No case for invoice {invoiceId}."));
        }

        return await ApplyAsync(payment with { MatchedTo = invoiceId }, actor, cancellationToken);
    }

    /// <summary>Applies the payment to its case; <paramref name="actor"/> is who the case history names (the webhook, or the staff key that matched it).</summary>
    private async Task<Result> ApplyAsync(PaymentRecord payment, string actor, CancellationToken cancellationToken)
    {
        var result = await cases.SendAsync(payment.AppliedTo, new ReceivePayment(payment.PaymentId, payment.Amount, payment.Currency, payment.PaidAt), actor, cancellationToken);
        if (result.Outcome.Rejection is { } rejection)
        {
            return new Result(rejection.Kind == RejectionKind.Conflict ? Kind.Conflict : Kind.Rejected, payment, rejection);
        }

        var applied = payment with { Status = PaymentRecord.Applied };
        await ledger.RecordAsync(applied, cancellationToken);
        return new Result(Kind.Applied, applied, Case: result.Case);
    }
}
