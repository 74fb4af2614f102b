using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Cobranza.Functions.Tests.Payments;

/// <summary>
/// Mercado Pago's payments (as <c>GET /v1/payments/{id}</c> answers them) and webhook notifications, signed here
/// independently of the app's code, as Mercado Pago signs them.
/// </summary>
public static class MercadoPagoObjects
{
    public const string Secret = "mp-webhook-secret-for-tests";
    public const string AccessToken = "APP_USR-1234567890-test-token";

    private static long _nextId = 1_300_000_000 + Random.Shared.Next(0, 1_000_000) * 100L;

    /// <summary>A payment id no other test uses (Mercado Pago's are numbers).</summary>
    public static long NewPaymentId() => Interlocked.Increment(ref _nextId);

    /// <summary>A payment as the API answers it; <paramref name="status"/> and refunds change what it means.</summary>
    public static JsonObject Payment(long id, string? invoiceId, decimal amount, string currency = "MXN", string status = "approved", decimal refunded = 0m, DateTimeOffset? lastUpdated = null)
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        return new JsonObject
        {
            ["id"] = id,
            ["status"] = status,
            ["status_detail"] = status == "approved" ? "accredited" : status,
            ["transaction_amount"] = amount,
            ["transaction_amount_refunded"] = refunded,
            ["currency_id"] = currency,
            ["external_reference"] = invoiceId,
            ["date_created"] = MpDate(created),
            ["date_approved"] = status is "pending" or "in_process" or "rejected" ? null : MpDate(created.AddSeconds(5)),
            ["date_last_updated"] = MpDate(lastUpdated ?? DateTimeOffset.UtcNow),
            ["payment_method_id"] = "visa",
            ["live_mode"] = false,
        };
    }

    /// <summary>The notification's body (Mercado Pago does not sign it; the app reads the payment from the API).</summary>
    public static JsonObject NotificationBody(long paymentId, string type = "payment") => new()
    {
        ["action"] = "payment.updated",
        ["api_version"] = "v1",
        ["data"] = new JsonObject { ["id"] = paymentId.ToString(CultureInfo.InvariantCulture) },
        ["date_created"] = MpDate(DateTimeOffset.UtcNow),
        ["id"] = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999),
        ["live_mode"] = false,
        ["type"] = type,
        ["user_id"] = "44444444",
    };

    /// <summary>
    /// <c>x-signature</c> for a notification: hex HMAC-SHA256 with <paramref name="secret"/> of
    /// <c>id:{dataId};request-id:{requestId};ts:{ts};</c>.
    /// </summary>
    public static string Signature(string secret, string dataId, string requestId, long ts)
    {
        var manifest = $"id:{dataId};request-id:{requestId};ts:{ts};";
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(manifest)));
        return $"ts={ts},v1={v1}";
    }

    /// <summary>A signed notification as Mercado Pago sends it: <c>POST …?data.id={id}&amp;type=payment</c>.</summary>
    public static HttpRequestMessage Notification(long paymentId, string secret = Secret, DateTimeOffset? signedAt = null, string type = "payment")
    {
        var requestId = Guid.NewGuid().ToString();
        var ts = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var dataId = paymentId.ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/payments/mercadopago?data.id={dataId}&type={type}")
        {
            Content = new StringContent(NotificationBody(paymentId, type).ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("x-request-id", requestId);
        request.Headers.Add("x-signature", Signature(secret, dataId, requestId, ts));
        return request;
    }

    /// <summary>The same notification again (Mercado Pago's retry sends the same request id and signature).</summary>
    public static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage original)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri)
        {
            Content = new StringContent(await original.Content!.ReadAsStringAsync(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        foreach (var (name, values) in original.Headers)
        {
            copy.Headers.Add(name, values);
        }

        return copy;
    }

    private static string MpDate(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(-4)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
