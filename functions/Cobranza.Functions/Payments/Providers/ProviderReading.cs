using Cobranza.Domain;

namespace Cobranza.Functions.Payments.Providers;

/// <summary>
/// What a provider's delivery said: refused (with the status the provider expects for a bad delivery and why), or a
/// verified delivery with its id (the idempotency key: Stripe's event id, Mercado Pago's payment id and status) and
/// the payment events it carries (none for an event type Cobranza ignores).
/// </summary>
public sealed record ProviderReading(int? RefusalStatus, string? Refusal, string? DeliveryId, IReadOnlyList<ProviderEvent> Events)
{
    public static ProviderReading Refused(int status, string why) => new(status, why, null, []);

    public static ProviderReading Ignored(string deliveryId) => new(null, null, deliveryId, []);

    public static ProviderReading Of(string deliveryId, params ProviderEvent[] events) => new(null, null, deliveryId, events);

    public bool IsRefused => RefusalStatus is not null;
}

/// <summary>A fact about money reported by a provider.</summary>
public abstract record ProviderEvent(string PaymentId);

/// <summary>
/// A payment succeeded. <see cref="InvoiceId"/> is null when the provider's object does not name one (it is kept as
/// unmatched for staff).
/// </summary>
public sealed record ProviderPayment(string PaymentId, string? InvoiceId, decimal Amount, string Currency, DateTimeOffset PaidAt) : ProviderEvent(PaymentId);

/// <summary>
/// Money of a payment went back: <see cref="Total"/> is the provider's running total for <see cref="Kind"/> as of
/// <see cref="AsOf"/> (older reports arriving late are ignored).
/// </summary>
public sealed record ProviderReversal(string PaymentId, PaymentReversal Kind, decimal Total, DateTimeOffset AsOf) : ProviderEvent(PaymentId);
