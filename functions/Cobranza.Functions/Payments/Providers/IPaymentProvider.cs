namespace Cobranza.Functions.Payments.Providers;

/// <summary>
/// A payment provider's webhook: verifies a delivery with the provider's own scheme and says what it means in
/// Cobranza's terms. One small class per provider, registered with <see cref="PaymentProviderRegistration.AddPaymentProvider{T}"/>;
/// its route is <c>POST /api/payments/{Name}</c>. Everything after the reading (idempotency, matching, reversals) is shared.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Lower-case name, also the last segment of the route (<c>stripe</c>, <c>mercadopago</c>).</summary>
    string Name { get; }

    /// <summary>Verifies the delivery (headers, query, raw body) and reads it; a refusal changes nothing.</summary>
    Task<ProviderReading> ReadAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken);
}
