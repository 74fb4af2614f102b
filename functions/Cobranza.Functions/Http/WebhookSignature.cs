using System.Security.Cryptography;
using System.Text;

namespace Cobranza.Functions.Http;

/// <summary>
/// The signature Cobranza puts on the webhooks it sends and expects on the ones it receives:
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Cobranza-Signature";

    public static string Create(string secret, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Compute(secret, timestamp, body)}";
    }

    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(ComputeBytes(secret, timestamp, body));

    /// <summary>HMAC-SHA256 with <paramref name="secret"/> (UTF-8) of <c>"{timestamp}.{body}"</c>.</summary>
    public static byte[] ComputeBytes(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
