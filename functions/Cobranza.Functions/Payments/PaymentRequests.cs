namespace Cobranza.Functions.Payments;

/// <summary>The generic payment webhook (<c>POST /api/payments</c>).</summary>
public sealed record PaymentRequest(string? PaymentId, string? InvoiceId, decimal? Amount, string? Currency, DateTimeOffset? PaidAt);

/// <summary><c>POST /api/payments/unmatched/{paymentId}/match</c>.</summary>
public sealed record MatchRequest(string? InvoiceId);

/// <summary>What the payment webhook answers: applied to its case, or kept as unmatched.</summary>
public sealed record PaymentResponse(string PaymentId, string InvoiceId, string Status);

/// <summary>A page of unmatched payments.</summary>
public sealed record UnmatchedPayments(IReadOnlyList<PaymentRecord> Value);
