using System.Globalization;
using System.Security.Cryptography;
using Cobranza.Functions.Http;

namespace Cobranza.Functions.Security;

/// <summary>
/// Verifies <c>X-Cobranza-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>
/// against a list of secrets. Several <c>v1</c> entries are allowed (a sender mid-rotation signs with both secrets).
/// The timestamp must be within <see cref="Tolerance"/> of now either way, so that a captured request cannot be replayed
/// later; within that window a replay is harmless, since every webhook is idempotent by its business id.
/// </summary>
public static class SignatureCheck
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public enum Outcome { Valid, Missing, Malformed, Stale, Mismatch }

    public static Outcome Verify(string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Outcome.Missing;
        }

        if (!TryParse(header, out var timestampText, out var timestamp, out var signatures))
        {
            return Outcome.Malformed;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > Tolerance)
        {
            return Outcome.Stale;
        }

        // Every secret and every signature is compared, in constant time, whatever matched first.
        var valid = false;
        foreach (var secret in secrets)
        {
            var expected = WebhookSignature.ComputeBytes(secret, timestampText, body);
            foreach (var signature in signatures)
            {
                valid |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }

        return valid ? Outcome.Valid : Outcome.Mismatch;
    }

    /// <summary>Why a signature was refused, for the 401's detail (never which secret or what was expected).</summary>
    public static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Missing => $"The {WebhookSignature.HeaderName} header is required.",
        Outcome.Malformed => $"The {WebhookSignature.HeaderName} header must be t=<unix seconds>,v1=<64 hex digits>.",
        Outcome.Stale => $"The signature's timestamp is more than {Tolerance.TotalMinutes:0} minutes from the server's clock (a replay, or a clock to fix).",
        Outcome.Mismatch => "The signature does not match the body with any secret configured for this source.",
        _ => "",
    };

    private static bool TryParse(string header, out string timestampText, out long timestamp, out List<byte[]> signatures)
    {
        timestampText = "";
        timestamp = 0;
        signatures = [];
        if (SignatureHeader.TryReadPairs(header) is not { } pairs)
        {
            return false;
        }

        foreach (var (name, value) in pairs)
        {
            switch (name)
            {
                case "t" when timestampText.Length == 0
                    && value.Length is > 0 and <= 12 && value.All(char.IsAsciiDigit)
                    && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp):
                    timestampText = value;
                    break;
                case "v1" when value.Length == 64 && value.All(char.IsAsciiHexDigit):
                    signatures.Add(Convert.FromHexString(value));
                    break;
                case "t" or "v1":
                    return false;
                default:
                    // Other schemes (v0, a future v2) are ignored, as Stripe's scheme does.
                    break;
            }
        }

        return timestampText.Length > 0 && signatures.Count > 0;
    }
}
