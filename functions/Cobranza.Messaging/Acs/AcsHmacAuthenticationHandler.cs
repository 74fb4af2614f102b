using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Signs every request with the resource's access key, as ACS documents for HMAC authentication: <c>x-ms-date</c>
/// (RFC 1123, UTC), <c>x-ms-content-sha256</c> (base64 SHA-256 of the body, empty bodies too) and
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=…</c> over
/// <c>"VERB\n{path and query}\n{date};{host};{hash}"</c>.
/// </summary>
public sealed class AcsHmacAuthenticationHandler(ReadOnlyMemory<byte> accessKey, TimeProvider time) : DelegatingHandler
{
    /// <summary>The header carrying the request time that the signature covers.</summary>
    public const string DateHeader = "x-ms-date";

    /// <summary>The header carrying the body hash that the signature covers.</summary>
    public const string ContentHashHeader = "x-ms-content-sha256";

    /// <summary>The headers the signature covers, in the order ACS expects.</summary>
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>Signs with the key of <paramref name="connectionString"/>.</summary>
    public AcsHmacAuthenticationHandler(AcsConnectionString connectionString, TimeProvider time)
        : this(connectionString.AccessKey, time)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("An ACS request needs an absolute URI.");

        // Reading buffers the content, so it can still be sent after hashing.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);

        // The host as it goes on the wire: Uri.Authority keeps the port only when it is not the scheme's default.
        var host = request.Headers.Host ?? uri.Authority;
        var stringToSign = $"{request.Method.Method}\n{uri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey.Span, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Remove(DateHeader);
        request.Headers.Remove(ContentHashHeader);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(DateHeader, date);
        request.Headers.TryAddWithoutValidation(ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");

        return await base.SendAsync(request, cancellationToken);
    }
}
