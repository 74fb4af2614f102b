namespace Cobranza.Functions.Payments;

/// <summary>A payment as received from a payment webhook, and whether it found its invoice.</summary>
public sealed record PaymentRecord(
    string PaymentId,
    string InvoiceId,
    decimal Amount,
    string Currency,
    DateTimeOffset PaidAt,
    string Status,
    DateTimeOffset ReceivedAt,
    string? MatchedTo = null)
{
    /// <summary>The invoice the payment is applied to: the one staff matched it to, else the one it named.</summary>
    public string AppliedTo => MatchedTo ?? InvoiceId;

    public const string Applied = "applied";
    public const string Unmatched = "unmatched";

    /// <summary>Whether <paramref name="other"/> is the same payment delivered again (not merely the same id).</summary>
    public bool SameContentAs(string invoiceId, decimal amount, string currency, DateTimeOffset paidAt) =>
        InvoiceId == invoiceId && Amount == amount && Currency == currency && PaidAt == paidAt;
}
