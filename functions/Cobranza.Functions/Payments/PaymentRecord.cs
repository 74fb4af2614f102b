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
        SameMoneyAs(invoiceId, amount, currency) && PaidAt == paidAt;

    /// <summary>The same invoice and money, whatever the time (a provider reports one payment through events with different times).</summary>
    public bool SameMoneyAs(string invoiceId, decimal amount, string currency) =>
        InvoiceId == invoiceId && Amount == amount && Currency == currency;
}
