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
    /// <param name="WholeHistory">The case's whole history when the command created the case and nothing followed
    /// (so a caller can show the new case without reading it back); null otherwise.</param>
    public sealed record Result(DunningCase? Case, CaseOutcome Outcome, IReadOnlyList<StoredHistoryRecord>? WholeHistory = null);

    public async Task<(Result? Result, string? UnknownPolicy)> OpenAsync(OpenCase open, string? policyName, CancellationToken cancellationToken)
    {
        // A case keeps the policy version it started with (the decision ignores the policy of an existing case's open),
        // so the latest version is all an open needs; only an unknown name is checked against an existing case.
        var name = policyName ?? DunningPolicy.DefaultName;
        var policy = (await policies.GetLatestCachedAsync(name, cancellationToken))?.Policy
            ?? (await cases.GetAsync(open.InvoiceId, includeHistory: false, cancellationToken))?.State.Policy;
        if (policy is null)
        {
            return (null, name);
        }

        var sent = await cases.SendAsync(open.InvoiceId, CaseCommandCodec.Encode(open with { Policy = policy }, ErpActor), cancellationToken);
        var result = new Result(sent.State, sent.Reply as CaseOutcome ?? CaseOutcome.Unchanged());
        if (result.Case is { } opened && result.Outcome.Rejection is null)
        {
            // Indexed after the case exists (idempotent): a crash in between leaves a case that the ERP's retry indexes.
            await debtors.IndexCaseAsync(opened.Debtor, opened.InvoiceId, cancellationToken);
        }

        if (result.Outcome.Reply == ReplyKind.Created && !await ApplyEarlierPaymentsAsync(open.InvoiceId, cancellationToken))
        {
            return (result with { WholeHistory = sent.Appended }, null);
        }

        return (result, null);
    }

    public async Task<Result> SendAsync(string invoiceId, CaseCommand command, string actor, CancellationToken cancellationToken)
    {
        var result = await cases.SendAsync(invoiceId, CaseCommandCodec.Encode(command, actor), cancellationToken);
        var outcome = result.Reply as CaseOutcome ?? CaseOutcome.Unchanged();
        return new Result(result.State, outcome);
    }

    /// <summary>A staff action: the command's result and the case after it with its whole history (null when there is no case).</summary>
    public async Task<(Result Result, InstanceSnapshot<DunningCase>? After)> SendAndReadAsync(string invoiceId, CaseCommand command, string actor, CancellationToken cancellationToken)
    {
        var (result, after) = await cases.SendAndReadAsync(invoiceId, CaseCommandCodec.Encode(command, actor), cancellationToken);
        return (new Result(result.State, result.Reply as CaseOutcome ?? CaseOutcome.Unchanged()), after);
    }

    /// <summary>Payments that arrived before their case opened (kept as unmatched) are applied as soon as it opens; true if there were any.</summary>
    private async Task<bool> ApplyEarlierPaymentsAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var payment in await ledger.ListUnmatchedAsync(invoiceId, cancellationToken))
        {
            any = true;
            var result = await SendAsync(invoiceId, new ReceivePayment(payment.PaymentId, payment.Amount, payment.Currency, payment.PaidAt), PaymentService.Actor, cancellationToken);
            if (result.Outcome.Rejection is { } rejection)
            {
                logger.LogWarning("Unmatched payment {PaymentId} not applied to {InvoiceId}: {Reason}", payment.PaymentId, invoiceId, rejection.Message);
                continue;
            }

            await ledger.RecordAsync(payment with { Status = PaymentRecord.Applied }, wasUnmatched: true, cancellationToken);
            await ApplyReportedReversalsAsync(invoiceId, payment.PaymentId, PaymentService.Actor, cancellationToken);
        }

        return any;
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
