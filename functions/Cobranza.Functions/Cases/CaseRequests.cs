namespace Cobranza.Functions.Cases;

// Request bodies of the case routes. Every field is nullable so that a missing field is reported by the validators
// under its own name instead of failing deserialization as a whole.

/// <summary>The ERP's overdue-invoice webhook (<c>POST /api/cases</c>).</summary>
public sealed record CreateCaseRequest(
    string? InvoiceId,
    string? InvoiceNumber,
    DebtorRequest? Debtor,
    decimal? Amount,
    string? Currency,
    DateOnly? IssuedOn,
    DateOnly? DueOn,
    string? PaymentUrl,
    string? Policy);

public sealed record DebtorRequest(string? Id, string? Name, string? Email, string? Phone, string? Language, string? TimeZone);

/// <summary><c>POST /api/cases/{id}/promises</c>.</summary>
public sealed record PromiseRequest(DateOnly? PromisedOn, decimal? Amount, string? Note);

/// <summary><c>POST /api/cases/{id}/escalate</c>: <c>to</c> is next, legal or agency.</summary>
public sealed record EscalateRequest(string? To, string? Reason);

/// <summary>The body of pause, cancel and write-off.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary><c>POST /api/cases/{id}/notes</c>.</summary>
public sealed record NoteRequest(string? Text);
