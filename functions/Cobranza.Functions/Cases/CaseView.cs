using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Cases;

/// <summary>A case as the API shows it (<c>GET /api/cases/{id}</c>); list pages omit history and messages.</summary>
public sealed record CaseView(
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
    IReadOnlyList<PaymentView> Payments)
{
    public static CaseView From(DunningCase c, IReadOnlyList<StoredHistoryRecord>? history, bool withMessages) => new(
        c.InvoiceId, c.InvoiceNumber, c.State, c.HandedOffTo, c.ClosedReason, c.Amount, c.Balance, c.Overpayment, c.Currency,
        new DebtorView(c.Debtor.Id, c.Debtor.Name, c.Debtor.Email, c.Debtor.Phone, c.Debtor.Language, c.Debtor.TimeZone),
        c.IssuedOn, c.DueOn, c.PaymentUrl,
        new PolicyRef(c.Policy.Name, c.Policy.Version),
        c.CurrentStep, c.NextActionAt,
        c.Promise is { } p ? new PromiseView(p.PromisedOn, p.Amount, p.Note, p.Status, p.RecordedAt, p.DeadlineAt) : null,
        c.OpenedAt, c.UpdatedAt, c.ClosedAt,
        history?.Select(h => new HistoryView(h.Seq, h.At, h.Type, h.Actor, JsonDocument.Parse(h.Details).RootElement.Clone())).ToList(),
        withMessages ? c.Messages.Select(m => new MessageView(m.Id, m.Step, m.Channel, m.Language, m.To, m.Status, m.Subject, m.Body, m.SentAt)).ToList() : null,
        c.Payments.Select(p => new PaymentView(p.PaymentId, p.Amount, p.Currency, p.PaidAt, p.Applied, p.ReceivedAt)).ToList());
}

public sealed record DebtorView(string Id, string Name, string? Email, string? Phone, string Language, string TimeZone);

public sealed record PolicyRef(string Name, int Version);

public sealed record PromiseView(DateOnly PromisedOn, decimal? Amount, string? Note, string Status, DateTimeOffset RecordedAt, DateTimeOffset DeadlineAt);

public sealed record HistoryView(long Seq, DateTimeOffset At, string Type, string Actor, JsonElement Details);

public sealed record MessageView(string Id, int Step, Channel Channel, string Language, string To, string Status, string? Subject, string? Body, DateTimeOffset? SentAt);

public sealed record PaymentView(string PaymentId, decimal Amount, string Currency, DateTimeOffset PaidAt, decimal Applied, DateTimeOffset ReceivedAt);
