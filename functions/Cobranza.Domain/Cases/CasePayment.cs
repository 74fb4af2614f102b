namespace Cobranza.Domain;

/// <summary>
/// A payment received for the invoice. <see cref="Applied"/> is what lowered the balance; any rest of
/// <see cref="Amount"/> was an overpayment (the balance never goes below zero).
/// </summary>
public sealed record CasePayment(string PaymentId, decimal Amount, string Currency, DateTimeOffset PaidAt, decimal Applied, DateTimeOffset ReceivedAt);
