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
        ReceiveAsync(paymentId, invoiceId, amount, currency, paidAt, Actor, fromProvider: false, cancellationToken);

    /// <summary>
    /// A payment a provider reported. Providers report one payment through several events whose timestamps differ
    /// (Stripe's charge, PaymentIntent and Checkout Session), so the same id, invoice and money is the same payment
    /// whatever its time. Without an invoice it is kept as unmatched for staff.
    /// </summary>
    public async Task<Result> ReceiveFromProviderAsync(ProviderPayment payment, string provider, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(payment.PaymentId, payment.InvoiceId ?? "", payment.Amount, payment.Currency, payment.PaidAt, provider, fromProvider: true, cancellationToken);
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

    /// <summary>How a payment reaches <see cref="ApplyAsync"/>: who sends it and what is already stored of it.</summary>
    private sealed record Application(string Actor, bool FromProvider, bool IndexedAsUnmatched);

    private async Task<Result> ReceiveAsync(
        string paymentId, string invoiceId, decimal amount, string currency, DateTimeOffset paidAt, string actor, bool fromProvider, CancellationToken cancellationToken)
    {
        var known = await ledger.GetAsync(paymentId, cancellationToken);
        if (known is not null)
        {
            // A provider reports one payment through events with different times: its money is what must match.
            var same = fromProvider ? known.SameMoneyAs(invoiceId, amount, currency) : known.SameContentAs(invoiceId, amount, currency, paidAt);
            return same
                ? new Result(Kind.Duplicate, known)
                : new Result(Kind.Conflict, known, new Rejection(RejectionKind.Conflict, $"Payment {paymentId} was already received with other content.", "paymentId"));
        }

        var payment = new PaymentRecord(paymentId, invoiceId, amount, currency, paidAt, PaymentRecord.Unmatched, time.GetUtcNow());
        if (!InputRules.IsValidId(invoiceId))
        {
            // A provider's payment that names no invoice (or none Cobranza could hold): staff match it.
            await ledger.RecordAsync(payment, wasUnmatched: false, cancellationToken);
            return new Result(Kind.Unmatched, payment);
        }

        // Straight to the case: a payment for an open case (the common one) costs no read beforehand.
        var result = await ApplyAsync(payment, new Application(actor, fromProvider, IndexedAsUnmatched: false), cancellationToken);
        if (result.Rejection is not { Kind: RejectionKind.NotFound })
        {
            return result;
        }

        await ledger.RecordAsync(payment, wasUnmatched: false, cancellationToken);

        // The case may have opened while the payment was being recorded, after it looked for unmatched payments:
        // look once more, so the payment cannot fall between the two. Applying twice is harmless (idempotent by id).
        return await instances.GetAsync(invoiceId, includeHistory: false, cancellationToken) is null
            ? new Result(Kind.Unmatched, payment)
            : await ApplyAsync(payment, new Application(actor, fromProvider, IndexedAsUnmatched: true), cancellationToken);
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

        return await ApplyAsync(payment with { MatchedTo = invoiceId }, new Application(actor, FromProvider: true, IndexedAsUnmatched: true), cancellationToken);
    }

    /// <summary>
    /// Applies the payment to its case. The history names <see cref="Application.Actor"/> (the webhook, or the staff
    /// key that matched it); refunds a provider reported before the payment arrived follow it. A matched payment may
    /// have come from a provider, so its reports are looked for too.
    /// </summary>
    private async Task<Result> ApplyAsync(PaymentRecord payment, Application how, CancellationToken cancellationToken)
    {
        var result = await cases.SendAsync(payment.AppliedTo, new ReceivePayment(payment.PaymentId, payment.Amount, payment.Currency, payment.PaidAt), how.Actor, cancellationToken);
        if (result.Outcome.Rejection is { } rejection)
        {
            return new Result(rejection.Kind == RejectionKind.Conflict ? Kind.Conflict : Kind.Rejected, payment, rejection, result.Case);
        }

        var applied = payment with { Status = PaymentRecord.Applied };
        await ledger.RecordAsync(applied, how.IndexedAsUnmatched, cancellationToken);
        if (how.FromProvider)
        {
            // Only providers report reversals (the generic webhook has none): other payments skip the read.
            await cases.ApplyReportedReversalsAsync(applied.AppliedTo, applied.PaymentId, how.Actor, cancellationToken);
        }

        return new Result(Kind.Applied, applied, Case: result.Case);
    }
}
