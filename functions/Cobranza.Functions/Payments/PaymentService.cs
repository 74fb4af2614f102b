using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Payments.Providers;
using Cobranza.Functions.Validation;

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

    public Task<Result> ReceiveAsync(string paymentId, string invoiceId, decimal amount, string currency, DateTimeOffset paidAt, CancellationToken cancellationToken) =>
        ReceiveAsync(paymentId, invoiceId, amount, currency, paidAt, Actor, exactTime: true, cancellationToken);

    /// <summary>
    /// A payment a provider reported. Providers report one payment through several events whose timestamps differ
    /// (Stripe's charge, PaymentIntent and Checkout Session), so the same id, invoice and money is the same payment
    /// whatever its time. Without an invoice it is kept as unmatched for staff.
    /// </summary>
    public async Task<Result> ReceiveFromProviderAsync(ProviderPayment payment, string provider, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(payment.PaymentId, payment.InvoiceId ?? "", payment.Amount, payment.Currency, payment.PaidAt, provider, exactTime: false, cancellationToken);
        if (result.Kind == Kind.Conflict && result.Case?.Payments.FirstOrDefault(p => p.PaymentId == payment.PaymentId) is { } onCase
            && onCase.Amount == payment.Amount && onCase.Currency == payment.Currency)
        {
            // Two of the provider's events for one payment raced to the case; the first one applied it.
            return result with { Kind = Kind.Duplicate, Rejection = null };
        }

        return result;
    }

    /// <summary>
    /// A refund or chargeback a provider reported: kept with the payment (the latest report wins), and applied to its
    /// case when the payment is applied; otherwise applied as soon as the payment is.
    /// </summary>
    public async Task<Result> ReverseAsync(ProviderReversal reversal, string provider, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (reversals, etag) = await ledger.GetReversalsAsync(reversal.PaymentId, cancellationToken);
            if (reversals.With(reversal.Kind, reversal.Total, reversal.AsOf) is not { } updated)
            {
                return new Result(Kind.Duplicate, null);
            }

            if (await ledger.TrySaveReversalsAsync(reversal.PaymentId, updated, etag, cancellationToken))
            {
                break;
            }

            if (attempt >= 10)
            {
                throw new InvalidOperationException($"The reversals of payment {reversal.PaymentId} kept changing under concurrent reports.");
            }
        }

        var payment = await ledger.GetAsync(reversal.PaymentId, cancellationToken);
        if (payment is not { Status: PaymentRecord.Applied })
        {
            // Not applied yet (unknown, or unmatched): the reversal waits with the payment.
            return new Result(Kind.Unmatched, payment);
        }

        await cases.ApplyReportedReversalsAsync(payment.AppliedTo, payment.PaymentId, provider, cancellationToken);
        return new Result(Kind.Applied, payment);
    }

    private async Task<Result> ReceiveAsync(
        string paymentId, string invoiceId, decimal amount, string currency, DateTimeOffset paidAt, string actor, bool exactTime, CancellationToken cancellationToken)
    {
        var known = await ledger.GetAsync(paymentId, cancellationToken);
        if (known is not null)
        {
            var same = exactTime ? known.SameContentAs(invoiceId, amount, currency, paidAt) : known.SameMoneyAs(invoiceId, amount, currency);
            return same
                ? new Result(Kind.Duplicate, known)
                : new Result(Kind.Conflict, known, new Rejection(RejectionKind.Conflict, $"Payment {paymentId} was already received with other content.", "paymentId"));
        }

        var payment = new PaymentRecord(paymentId, invoiceId, amount, currency, paidAt, PaymentRecord.Unmatched, time.GetUtcNow());
        if (!InputRules.IsValidId(invoiceId))
        {
            // A provider's payment that names no invoice (or none Cobranza could hold): staff match it.
            await ledger.RecordAsync(payment, cancellationToken);
            return new Result(Kind.Unmatched, payment);
        }

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

        return await ApplyAsync(payment, actor, cancellationToken);
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
            return new Result(rejection.Kind == RejectionKind.Conflict ? Kind.Conflict : Kind.Rejected, payment, rejection, result.Case);
        }

        var applied = payment with { Status = PaymentRecord.Applied };
        await ledger.RecordAsync(applied, cancellationToken);
        await cases.ApplyReportedReversalsAsync(applied.AppliedTo, applied.PaymentId, actor, cancellationToken);
        return new Result(Kind.Applied, applied, Case: result.Case);
    }
}
