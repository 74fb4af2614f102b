using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cobranza.Messaging.Acs;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsHmacAuthenticationHandlerTests
{
    private const string KeyBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Send_PostWithBody_SignsAsTheDocumentedAlgorithm()
    {
        const string body = """{"senderAddress":"cobranza@contoso.example"}""";

        var sent = await SignAsync(HttpMethod.Post, "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31", body);

        // Expected values computed here from the documented algorithm, not with the handler's code.
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var date = "Mon, 23 Nov 2026 10:00:00 GMT";
        var stringToSign = $"POST\n/emails:send?api-version=2023-03-31\n{date};contoso.communication.azure.com;{hash}";
        var signature = Convert.ToBase64String(
            HMACSHA256.HashData(Convert.FromBase64String(KeyBase64), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(date, sent.Date);
        Assert.Equal(hash, sent.ContentHash);
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}", sent.Authorization);
        Assert.Equal(body, sent.Body);
    }

    [Fact]
    public async Task Send_KnownVector_MatchesSignatureComputedElsewhere()
    {
        // Computed with Python's hmac/hashlib from the same inputs: an independent implementation of the algorithm.
        var sent = await SignAsync(
            HttpMethod.Post,
            "https://contoso.communication.azure.com/emails:send?api-version=2023-03-31",
            """{"senderAddress":"cobranza@contoso.example"}""");

        Assert.Equal("POeM5Bw7HSqIOnU4oWLpM+sJ3vDwDKYt7KjrJIIyjS0=", sent.ContentHash);
        Assert.EndsWith("&Signature=Dwy345psgw+DcOa0fefCcX/+XpNJYFWfqJedg+26XRI=", sent.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_GetWithoutBodyOnNonDefaultPort_HashesTheEmptyBodyAndSignsHostWithPort()
    {
        var sent = await SignAsync(HttpMethod.Get, "https://localhost:8443/emails/operations/abc?api-version=2023-03-31", body: null);

        // SHA-256 of zero bytes, base64: a well-known constant.
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", sent.ContentHash);
        Assert.EndsWith("&Signature=ehJjlsE2IGSkaq22NyW33/RUO6WBg/K0DbSsmMnttTw=", sent.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Twice_SignsEachRequestWithTheClockAtThatMoment()
    {
        var time = new FakeTimeProvider(Now);
        var capture = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(
            new AcsHmacAuthenticationHandler(Convert.FromBase64String(KeyBase64), time) { InnerHandler = capture });

        using var first = new HttpRequestMessage(HttpMethod.Get, "https://contoso.communication.azure.com/sms?api-version=2021-03-07");
        await invoker.SendAsync(first, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3));
        using var second = new HttpRequestMessage(HttpMethod.Get, "https://contoso.communication.azure.com/sms?api-version=2021-03-07");
        await invoker.SendAsync(second, CancellationToken.None);

        Assert.Equal(["Mon, 23 Nov 2026 10:00:00 GMT", "Mon, 23 Nov 2026 10:03:00 GMT"], capture.Sent.Select(s => s.Date));
        Assert.NotEqual(capture.Sent[0].Authorization, capture.Sent[1].Authorization);
    }

    private static async Task<SentRequest> SignAsync(HttpMethod method, string uri, string? body)
    {
        var capture = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(
            new AcsHmacAuthenticationHandler(Convert.FromBase64String(KeyBase64), new FakeTimeProvider(Now)) { InnerHandler = capture });
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        await invoker.SendAsync(request, CancellationToken.None);
        return Assert.Single(capture.Sent);
    }

    private sealed record SentRequest(string Date, string ContentHash, string Authorization, string? Body);

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<SentRequest> Sent { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add(new SentRequest(
                string.Join(",", request.Headers.GetValues("x-ms-date")),
                string.Join(",", request.Headers.GetValues("x-ms-content-sha256")),
                string.Join(",", request.Headers.GetValues("Authorization")),
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
