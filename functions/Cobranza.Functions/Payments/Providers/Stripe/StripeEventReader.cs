using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Functions.Payments.Providers.Stripe;

/// <summary>
/// What a Stripe event means for Cobranza (pure; the signature is checked before). One payment reaches Stripe's
/// webhooks as several events (<c>charge.succeeded</c>, <c>payment_intent.succeeded</c>, and for Checkout
/// <c>checkout.session.completed</c>): all name the payment by its PaymentIntent id (the charge id only when there is
/// none), so it is applied once. Refunds and disputes are matched the same way, since Stripe copies no metadata onto
/// charges. Any other event type is ignored.
/// </summary>
public static class StripeEventReader
{
    public static ProviderReading Read(JsonElement stripeEvent, string invoiceMetadataKey)
    {
        var eventId = stripeEvent.GetProperty("id").GetString()!;
        var type = stripeEvent.GetProperty("type").GetString();
        var asOf = DateTimeOffset.FromUnixTimeSeconds(stripeEvent.GetProperty("created").GetInt64());
        var o = stripeEvent.GetProperty("data").GetProperty("object");
        return type switch
        {
            "payment_intent.succeeded" => Payment(eventId, o, o.GetProperty("id").GetString()!, Invoice(o, invoiceMetadataKey), Amount(o, "amount_received", "amount")),
            "charge.succeeded" => Charge(eventId, o, invoiceMetadataKey),
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => CheckoutSession(eventId, o, invoiceMetadataKey),
            "charge.refunded" => Reversal(eventId, o, PaymentIdOfCharge(o), PaymentReversal.Refund, Money(o, o.GetProperty("amount_refunded").GetInt64()), asOf),
            "charge.dispute.created" => Reversal(eventId, o, PaymentIdOfDispute(o), PaymentReversal.Chargeback, Money(o, o.GetProperty("amount").GetInt64()), asOf),
            "charge.dispute.closed" => String(o, "status") switch
            {
                "won" => Reversal(eventId, o, PaymentIdOfDispute(o), PaymentReversal.Chargeback, 0m, asOf),
                "lost" => Reversal(eventId, o, PaymentIdOfDispute(o), PaymentReversal.Chargeback, Money(o, o.GetProperty("amount").GetInt64()), asOf),
                _ => ProviderReading.Ignored(eventId),
            },
            _ => ProviderReading.Ignored(eventId),
        };
    }

    private static ProviderReading Charge(string eventId, JsonElement charge, string invoiceKey)
    {
        var paymentIntent = String(charge, "payment_intent");
        var invoice = Invoice(charge, invoiceKey);
        if (invoice is null && paymentIntent is not null)
        {
            // The PaymentIntent's own event names the invoice (its metadata is not copied onto the charge).
            return ProviderReading.Ignored(eventId);
        }

        return Payment(eventId, charge, paymentIntent ?? charge.GetProperty("id").GetString()!, invoice, Amount(charge, "amount_captured", "amount"));
    }

    private static ProviderReading CheckoutSession(string eventId, JsonElement session, string invoiceKey)
    {
        if (String(session, "payment_status") != "paid")
        {
            // Not paid yet (a delayed method): its async_payment_succeeded event comes later.
            return ProviderReading.Ignored(eventId);
        }

        var paymentId = String(session, "payment_intent") ?? session.GetProperty("id").GetString()!;
        var invoice = Invoice(session, invoiceKey) ?? String(session, "client_reference_id");
        return Payment(eventId, session, paymentId, invoice, session.GetProperty("amount_total").GetInt64());
    }

    private static ProviderReading Payment(string eventId, JsonElement o, string paymentId, string? invoice, long minorUnits)
    {
        var currency = StripeAmounts.CurrencyCode(o.GetProperty("currency").GetString()!);
        var paidAt = DateTimeOffset.FromUnixTimeSeconds(o.GetProperty("created").GetInt64());
        return ProviderReading.Of(eventId, new ProviderPayment(paymentId, invoice, StripeAmounts.FromMinorUnits(minorUnits, currency), currency, paidAt));
    }

    private static ProviderReading Reversal(string eventId, JsonElement o, string paymentId, PaymentReversal kind, decimal total, DateTimeOffset asOf) =>
        ProviderReading.Of(eventId, new ProviderReversal(paymentId, kind, total, asOf));

    private static decimal Money(JsonElement o, long minorUnits) =>
        StripeAmounts.FromMinorUnits(minorUnits, o.GetProperty("currency").GetString()!);

    private static long Amount(JsonElement o, string preferred, string fallback) =>
        o.TryGetProperty(preferred, out var value) && value.ValueKind == JsonValueKind.Number && value.GetInt64() > 0
            ? value.GetInt64()
            : o.GetProperty(fallback).GetInt64();

    private static string PaymentIdOfCharge(JsonElement charge) => String(charge, "payment_intent") ?? charge.GetProperty("id").GetString()!;

    private static string PaymentIdOfDispute(JsonElement dispute) => String(dispute, "payment_intent") ?? String(dispute, "charge")!;

    private static string? Invoice(JsonElement o, string key) =>
        o.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? String(metadata, key) : null;

    /// <summary>A string property, or null when absent, null or blank (also an expanded object's id).</summary>
    private static string? String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
            true when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            _ => null,
        };
}
