using Cobranza.Domain;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Projections;

namespace Cobranza.Functions.StaffConsole;

/// <summary>
/// A case in a list (<c>GET /api/cases</c>, a debtor's cases): the case without history and messages, plus how many
/// days past due it is today (UTC) and its aging bucket.
/// </summary>
public sealed record CaseListItem(
    string InvoiceId,
    string? InvoiceNumber,
    CaseState State,
    HandoffTarget? HandedOffTo,
    ClosedReason? ClosedReason,
    decimal Amount,
    decimal Balance,
    decimal Overpayment,
    string Currency,
    DebtorView Debtor,
    DateOnly IssuedOn,
    DateOnly DueOn,
    string? PaymentUrl,
    PolicyRef Policy,
    int CurrentStep,
    DateTimeOffset? NextActionAt,
    PromiseView? Promise,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<HistoryView>? History,
    IReadOnlyList<MessageView>? Messages,
    IReadOnlyList<PaymentView> Payments,
    int DaysOverdue,
    string AgingBucket)
{
    public static CaseListItem From(CaseView c, DateOnly today)
    {
        var days = AgingBuckets.DaysOverdue(c.DueOn, today);
        return new CaseListItem(
            c.InvoiceId, c.InvoiceNumber, c.State, c.HandedOffTo, c.ClosedReason, c.Amount, c.Balance, c.Overpayment, c.Currency,
            c.Debtor, c.IssuedOn, c.DueOn, c.PaymentUrl, c.Policy, c.CurrentStep, c.NextActionAt, c.Promise,
            c.OpenedAt, c.UpdatedAt, c.ClosedAt, null, null, c.Payments, days, AgingBuckets.Of(days));
    }

    public static CaseListItem From(DunningCase c, DateOnly today) => From(CaseView.From(c, null, withMessages: false), today);
}

/// <summary>A page of the work queue.</summary>
public sealed record CaseListPage(IReadOnlyList<CaseListItem> Value, string? ContinuationToken);
