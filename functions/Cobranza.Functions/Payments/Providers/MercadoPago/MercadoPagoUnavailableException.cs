namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// Mercado Pago's API could not say what a notification's payment is (unreachable, failing, or refusing our access
/// token). Nothing was applied; <see cref="MercadoPagoUnavailableHandler"/> answers 503 so that Mercado Pago sends the
/// notification again later.
/// </summary>
public sealed class MercadoPagoUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
