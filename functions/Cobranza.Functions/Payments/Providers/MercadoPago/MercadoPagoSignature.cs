using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// Mercado Pago's <c>x-signature: ts=…,v1=…</c>: <c>v1</c> is the hex HMAC-SHA256, with the application's webhook
/// secret, of the manifest <c>id:{data.id};request-id:{x-request-id};ts:{ts};</c>. The body is not signed (the payment
/// is read from Mercado Pago's API instead), so the manifest is all there is to check. As Mercado Pago documents it: an
/// alphanumeric <c>data.id</c> goes in lower case, and a part whose value did not come with the notification is left
/// out. <c>ts</c> is taken as it arrived; it has been seen in seconds and in milliseconds, so both are accepted for
/// the <see cref="Tolerance"/> check, which keeps a captured notification from being replayed later.
/// </summary>
public static class MercadoPagoSignature
{
    public const string HeaderName = "x-signature";
    public const string RequestIdHeaderName = "x-request-id";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    // Unix time in seconds passes this in the year 5138; anything larger is milliseconds.
    private const long LargestSeconds = 99_999_999_999;

    public enum Outcome { Valid, Missing, Malformed, Stale, Mismatch }

    /// <summary>The signed text, exactly as Mercado Pago builds it.</summary>
    public static string Manifest(string? dataId, string? requestId, string ts)
    {
        var manifest = new StringBuilder();
        if (!string.IsNullOrEmpty(dataId))
        {
            manifest.Append("id:").Append(dataId.ToLowerInvariant()).Append(';');
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            manifest.Append("request-id:").Append(requestId).Append(';');
        }

        return manifest.Append("ts:").Append(ts).Append(';').ToString();
    }

    /// <summary>The hex <c>v1</c> for a manifest (what Mercado Pago would send).</summary>
    public static string Sign(string secret, string manifest) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(manifest)));

    public static Outcome Verify(string? header, string? dataId, string? requestId, string secret, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Outcome.Missing;
        }

        if (!TryParse(header, out var ts, out var signature))
        {
            return Outcome.Malformed;
        }

        if ((now - SignedAt(ts)).Duration() > Tolerance)
        {
            return Outcome.Stale;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Manifest(dataId, requestId, ts)));
        return CryptographicOperations.FixedTimeEquals(expected, signature) ? Outcome.Valid : Outcome.Mismatch;
    }

    /// <summary>Why a notification was refused, for the 401's detail (never what was expected).</summary>
    public static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Missing => $"The {HeaderName} header is required.",
        Outcome.Malformed => $"The {HeaderName} header must be ts=<unix time>,v1=<64 hex digits>.",
        Outcome.Stale => $"The signature's ts is more than {Tolerance.TotalMinutes:0} minutes from the server's clock (a replay, or a clock to fix).",
        Outcome.Mismatch => "The signature does not match data.id, x-request-id and ts with the configured webhook secret.",
        _ => "",
    };

    private static DateTimeOffset SignedAt(string ts)
    {
        var value = long.Parse(ts, NumberStyles.None, CultureInfo.InvariantCulture);
        return value > LargestSeconds ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
    }

    private static bool TryParse(string header, out string ts, out byte[] signature)
    {
        ts = "";
        signature = [];
        if (SignatureHeader.TryReadPairs(header) is not { } pairs)
        {
            return false;
        }

        foreach (var (name, value) in pairs)
        {
            switch (name)
            {
                // 15 digits: milliseconds for the next 30,000 years, and no overflow when parsed.
                case "ts" when ts.Length == 0 && value.Length is > 0 and <= 15 && value.All(char.IsAsciiDigit):
                    ts = value;
                    break;
                case "v1" when signature.Length == 0 && value.Length == 64 && value.All(char.IsAsciiHexDigit):
                    signature = Convert.FromHexString(value);
                    break;
                case "ts" or "v1":
                    return false;
                default:
                    // A future scheme next to v1 is not ours to refuse.
                    break;
            }
        }

        return ts.Length > 0 && signature.Length > 0;
    }
}
