using System.Globalization;
using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// What a Mercado Pago payment (as <c>GET /v1/payments/{id}</c> answers it) means for Cobranza (pure). The payment is
/// <c>mp-{id}</c> and names its invoice in <c>external_reference</c>; amounts are in the currency's units
/// (<c>transaction_amount</c>, <c>currency_id</c>). <c>approved</c> is a payment; <c>refunded</c> and
/// <c>charged_back</c> are the payment and its reversal, so a notification that arrives after the approval's was lost
/// still records the payment before reversing it. A partial refund leaves the payment <c>approved</c> with
/// <c>transaction_amount_refunded</c> above zero: that is a refund as well. Other statuses (pending, in_process,
/// rejected, cancelled, in_mediation…) move no money and are ignored.
/// </summary>
/// <remarks>
/// The delivery id is <c>mp-{id}:{status}</c>, so each status of a payment is processed once however often it is
/// notified; a partial refund adds its running total (<c>mp-{id}:approved:refunded=30.00</c>), since each one is news
/// while the status stays the same.
/// </remarks>
public static class MercadoPagoPaymentReader
{
    public const string PaymentIdPrefix = "mp-";

    public static string PaymentId(long mercadoPagoId) => PaymentIdPrefix + mercadoPagoId.ToString(CultureInfo.InvariantCulture);

    public static ProviderReading Read(JsonElement payment)
    {
        var paymentId = PaymentId(Id(payment));
        var status = String(payment, "status") ?? "";
        var deliveryId = $"{paymentId}:{status}";
        var amount = payment.GetProperty("transaction_amount").GetDecimal();
        var refunded = payment.TryGetProperty("transaction_amount_refunded", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDecimal() : 0m;
        var asOf = Date(payment, "date_last_updated") ?? Date(payment, "date_approved") ?? Date(payment, "date_created")!.Value;
        return status switch
        {
            "approved" when refunded > 0 => ProviderReading.Of(
                $"{deliveryId}:refunded={refunded.ToString(CultureInfo.InvariantCulture)}",
                Payment(payment, paymentId, amount),
                new ProviderReversal(paymentId, PaymentReversal.Refund, refunded, asOf)),
            "approved" => ProviderReading.Of(deliveryId, Payment(payment, paymentId, amount)),
            "refunded" => ProviderReading.Of(
                deliveryId,
                Payment(payment, paymentId, amount),
                new ProviderReversal(paymentId, PaymentReversal.Refund, refunded > 0 ? refunded : amount, asOf)),
            "charged_back" => ProviderReading.Of(
                deliveryId,
                Payment(payment, paymentId, amount),
                new ProviderReversal(paymentId, PaymentReversal.Chargeback, amount, asOf)),
            _ => ProviderReading.Ignored(deliveryId),
        };
    }

    private static ProviderPayment Payment(JsonElement payment, string paymentId, decimal amount) => new(
        paymentId,
        String(payment, "external_reference"),
        amount,
        (String(payment, "currency_id") ?? throw new FormatException("currency_id is required.")).ToUpperInvariant(),
        Date(payment, "date_approved") ?? Date(payment, "date_created")!.Value);

    /// <summary>The payment's id: a number in the API's answers (a numeric string is accepted too).</summary>
    private static long Id(JsonElement payment)
    {
        var id = payment.GetProperty("id");
        return id.ValueKind == JsonValueKind.String
            ? long.Parse(id.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
            : id.GetInt64();
    }

    private static DateTimeOffset? Date(JsonElement o, string name) =>
        String(o, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    /// <summary>A string property, or null when absent, null or blank.</summary>
    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
