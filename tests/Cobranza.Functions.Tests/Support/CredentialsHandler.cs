using Cobranza.Functions.Http;

namespace Cobranza.Functions.Tests.Support;

/// <summary>
/// Makes a test client call the app as its real callers do: staff requests carry the supervisor's key in
/// <c>x-functions-key</c>, and the ERP and payment webhooks an <c>X-Cobranza-Signature</c> over the exact body sent.
/// A request that already carries a key or a signature is left as it is.
/// </summary>
public sealed class CredentialsHandler : DelegatingHandler
{
    private static readonly Dictionary<string, string> _signedPaths = new(StringComparer.Ordinal)
    {
        ["/api/cases"] = TestCredentials.ErpSecret,
        ["/api/cases:batch"] = TestCredentials.ErpSecret,
        ["/api/payments"] = TestCredentials.PaymentsSecret,
    };

    public CredentialsHandler()
    {
    }

    public CredentialsHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri is { } uri
            && _signedPaths.TryGetValue(PathOf(uri), out var secret)
            && !request.Headers.Contains(WebhookSignature.HeaderName))
        {
            await SignAsync(request, secret, cancellationToken);
        }
        else if (!request.Headers.Contains("x-functions-key") && request.Headers.Authorization is null)
        {
            request.Headers.Add("x-functions-key", TestCredentials.SupervisorKey);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    public static async Task SignAsync(HttpRequestMessage request, string secret, CancellationToken cancellationToken = default)
    {
        var content = request.Content;
        var chunked = content is not null && (content.Headers.ContentLength is null || request.Headers.TransferEncodingChunked == true);
        var body = content is null ? [] : await content.ReadAsByteArrayAsync(cancellationToken);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(secret, DateTimeOffset.UtcNow, body));
        if (chunked)
        {
            // Reading buffered the body; send it chunked again, as the test meant to.
            var again = new StreamContent(new UnknownLengthStream(body));
            foreach (var header in content!.Headers.Where(h => h.Key != "Content-Length"))
            {
                again.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = again;
        }
    }

    private static string PathOf(Uri uri) =>
        uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString.Split('?')[0].TrimStart('/');
}

/// <summary>A stream that hides its length, so that HttpClient sends it with chunked transfer encoding.</summary>
public sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();
}
