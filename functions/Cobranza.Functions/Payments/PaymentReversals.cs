using Cobranza.Domain;

namespace Cobranza.Functions.Payments;

/// <summary>
/// The reversals a provider reported for one payment: running totals of refunds and chargebacks, each with the time
/// of the report it came from. Kept even before the payment itself arrives (events come out of order), and applied
/// to the case once the payment is applied.
/// </summary>
public sealed record PaymentReversals(decimal Refunded, DateTimeOffset? RefundedAsOf, decimal ChargedBack, DateTimeOffset? ChargedBackAsOf)
{
    public static readonly PaymentReversals None = new(0, null, 0, null);

    public decimal TotalOf(PaymentReversal kind) => kind == PaymentReversal.Refund ? Refunded : ChargedBack;

    /// <summary>This with <paramref name="total"/> for <paramref name="kind"/>, unless a later report already set it (then null).</summary>
    public PaymentReversals? With(PaymentReversal kind, decimal total, DateTimeOffset asOf) => kind switch
    {
        PaymentReversal.Refund when RefundedAsOf is null || asOf >= RefundedAsOf => this with { Refunded = total, RefundedAsOf = asOf },
        PaymentReversal.Chargeback when ChargedBackAsOf is null || asOf >= ChargedBackAsOf => this with { ChargedBack = total, ChargedBackAsOf = asOf },
        _ => null,
    };
}
