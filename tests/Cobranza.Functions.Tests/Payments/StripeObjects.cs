using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cobranza.Functions.Http;

namespace Cobranza.Functions.Tests.Payments;

/// <summary>
/// Stripe's published example objects (Payments/Fixtures/Stripe), with only the fields a scenario needs overridden,
/// wrapped in an <c>event</c> envelope and signed as Stripe signs (<c>Stripe-Signature: t=…,v1=…</c>).
/// </summary>
public static class StripeObjects
{
    public const string Secret = "whsec_test_cobranza_current";
    public const string OldSecret = "whsec_test_cobranza_previous";

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payments", "Fixtures", "Stripe", name + ".json")))!.AsObject();

    /// <summary>A succeeded PaymentIntent for an invoice (amounts in the currency's minor unit).</summary>
    public static JsonObject PaymentIntent(string id, string? invoiceId, long amount, string currency = "usd")
    {
        var o = Load("payment_intent");
        o["id"] = id;
        o["amount"] = amount;
        o["amount_received"] = amount;
        o["currency"] = currency;
        o["status"] = "succeeded";
        o["metadata"] = invoiceId is null ? new JsonObject() : new JsonObject { ["invoice_id"] = invoiceId };
        return o;
    }

    /// <summary>A charge of a PaymentIntent (no metadata: Stripe does not copy the PaymentIntent's), refunded so far by <paramref name="refunded"/>.</summary>
    public static JsonObject Charge(string chargeId, string? paymentIntent, long amount, long refunded = 0, string currency = "usd")
    {
        var o = Load("charge");
        o["id"] = chargeId;
        o["payment_intent"] = paymentIntent;
        o["amount"] = amount;
        o["amount_captured"] = amount;
        o["amount_refunded"] = refunded;
        o["refunded"] = refunded == amount;
        o["currency"] = currency;
        return o;
    }

    public static JsonObject CheckoutSession(string paymentIntent, string invoiceId, long amount, string currency = "usd")
    {
        var o = Load("checkout.session");
        o["payment_intent"] = paymentIntent;
        o["amount_total"] = amount;
        o["amount_subtotal"] = amount;
        o["currency"] = currency;
        o["status"] = "complete";
        o["payment_status"] = "paid";
        o["client_reference_id"] = invoiceId;
        return o;
    }

    public static JsonObject Dispute(string chargeId, string paymentIntent, long amount, string status, string currency = "usd")
    {
        var o = Load("dispute");
        o["charge"] = chargeId;
        o["payment_intent"] = paymentIntent;
        o["amount"] = amount;
        o["currency"] = currency;
        o["status"] = status;
        return o;
    }

    /// <summary>The event envelope (Stripe's example event) around <paramref name="dataObject"/>.</summary>
    public static JsonObject Event(string type, JsonObject dataObject, DateTimeOffset? created = null, string? id = null)
    {
        var e = Load("event");
        e["id"] = id ?? "evt_" + Guid.NewGuid().ToString("N")[..24];
        e["type"] = type;
        e["created"] = (created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        e["data"] = new JsonObject { ["object"] = dataObject };
        return e;
    }

    /// <summary>The <c>Stripe-Signature</c> for <paramref name="body"/>: one v1 per secret (two while rotating).</summary>
    public static string Signature(string body, DateTimeOffset at, params string[] secrets)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t}," + string.Join(",", secrets.Select(s => "v1=" + WebhookSignature.Compute(s, t, Encoding.UTF8.GetBytes(body))));
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject stripeEvent, string? signature = null)
    {
        var body = stripeEvent.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/stripe") { Content = content };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Signature(body, DateTimeOffset.UtcNow, Secret));
        return await client.SendAsync(request);
    }
}
