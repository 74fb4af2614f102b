using System.Text.Json.Serialization;
namespace Cobranza.Domain;

/// <summary>
/// A payment received for the invoice. <see cref="Applied"/> is what lowered the balance; any rest of
/// <see cref="Amount"/> was an overpayment (the balance never goes below zero). <see cref="Refunded"/> and
/// <see cref="ChargedBack"/> are the running totals of its money that went back to the payer.
/// </summary>
public sealed record CasePayment(
    string PaymentId,
    decimal Amount,
    string Currency,
    DateTimeOffset PaidAt,
    decimal Applied,
    DateTimeOffset ReceivedAt,
    decimal Refunded = 0,
    decimal ChargedBack = 0)
{
    /// <summary>How much of the payment no longer counts (never more than the payment).</summary>
    [JsonIgnore] // derived: not part of the stored state
    public decimal Reversed => Math.Min(Amount, Refunded + ChargedBack);

    /// <summary>
    /// How a reversal of <paramref name="reversed"/> splits: what had been an overpayment goes back first, then what
    /// had lowered the balance.
    /// </summary>
    public (decimal FromOverpayment, decimal FromApplied) Split(decimal reversed)
    {
        var fromOverpayment = Math.Min(reversed, Amount - Applied);
        return (fromOverpayment, reversed - fromOverpayment);
    }
}
