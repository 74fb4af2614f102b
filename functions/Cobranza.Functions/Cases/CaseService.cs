using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Payments;
using Cobranza.Functions.Policies;

namespace Cobranza.Functions.Cases;

/// <summary>The application side of the case routes: resolves policies, sends commands to the case's durable instance.</summary>
public sealed class CaseService(IDurableClient<DunningCase> cases, PolicyStore policies, PaymentLedger ledger, DebtorDirectory debtors, ILogger<CaseService> logger)
{
    public const string ErpActor = "erp";

    /// <summary>The result of a command: the case after it and how the decision logic answered.</summary>
    public sealed record Result(DunningCase? Case, CaseOutcome Outcome);

    public async Task<(Result? Result, string? UnknownPolicy)> OpenAsync(OpenCase open, string? policyName, CancellationToken cancellationToken)
    {
        var name = policyName ?? DunningPolicy.DefaultName;
        var existing = await cases.GetAsync(open.InvoiceId, includeHistory: false, cancellationToken);

        // A case keeps the policy version it started with: only a new case reads the latest version.
        var policy = existing?.State.Policy;
        if (policy is null)
        {
            var latest = await policies.GetLatestAsync(name, cancellationToken);
            if (latest is null)
            {
                return (null, name);
            }

            policy = latest.Value.Policy;
        }

        var result = await SendAsync(open.InvoiceId, open with { Policy = policy }, ErpActor, cancellationToken);
        if (result.Case is { } opened && result.Outcome.Rejection is null)
        {
            // Indexed after the case exists (idempotent): a crash in between leaves a case that the ERP's retry indexes.
            await debtors.IndexCaseAsync(opened.Debtor, opened.InvoiceId, cancellationToken);
        }

        if (result.Outcome.Reply == ReplyKind.Created)
        {
            await ApplyEarlierPaymentsAsync(open.InvoiceId, cancellationToken);
        }

        return (result, null);
    }

    public async Task<Result> SendAsync(string invoiceId, CaseCommand command, string actor, CancellationToken cancellationToken)
    {
        var result = await cases.SendAsync(invoiceId, CaseCommandCodec.Encode(command, actor), cancellationToken);
        var outcome = result.Reply as CaseOutcome ?? CaseOutcome.Unchanged();
        return new Result(result.State, outcome);
    }

    /// <summary>Payments that arrived before their case opened (kept as unmatched) are applied as soon as it opens.</summary>
    private async Task ApplyEarlierPaymentsAsync(string invoiceId, CancellationToken cancellationToken)
    {
        foreach (var payment in await ledger.ListUnmatchedAsync(invoiceId, cancellationToken))
        {
            var result = await SendAsync(invoiceId, new ReceivePayment(payment.PaymentId, payment.Amount, payment.Currency, payment.PaidAt), PaymentService.Actor, cancellationToken);
            if (result.Outcome.Rejection is { } rejection)
            {
                logger.LogWarning("Unmatched payment {PaymentId} not applied to {InvoiceId}: {Reason}", payment.PaymentId, invoiceId, rejection.Message);
                continue;
            }

            await ledger.RecordAsync(payment with { Status = PaymentRecord.Applied }, wasUnmatched: true, cancellationToken);
            await ApplyReportedReversalsAsync(invoiceId, payment.PaymentId, PaymentService.Actor, cancellationToken);
        }
    }

    /// <summary>
    /// Refunds and chargebacks a provider reported for a payment before it was applied (events arrive out of order)
    /// are applied right after it. Running totals, so applying them again changes nothing.
    /// </summary>
    public async Task ApplyReportedReversalsAsync(string invoiceId, string paymentId, string actor, CancellationToken cancellationToken)
    {
        var (reversals, _) = await ledger.GetReversalsAsync(paymentId, cancellationToken);
        foreach (var kind in new[] { PaymentReversal.Refund, PaymentReversal.Chargeback })
        {
            var reported = kind == PaymentReversal.Refund ? reversals.RefundedAsOf : reversals.ChargedBackAsOf;
            if (reported is null)
            {
                continue;
            }

            var result = await SendAsync(invoiceId, new ReversePayment(paymentId, kind, reversals.TotalOf(kind)), actor, cancellationToken);
            if (result.Outcome.Rejection is { } rejection)
            {
                logger.LogWarning("Reported {Kind} of payment {PaymentId} not applied to {InvoiceId}: {Reason}", kind, paymentId, invoiceId, rejection.Message);
            }
        }
    }
}
