using System.Net;
using System.Text;
using Cobranza.Messaging.Acs;
using Cobranza.Testing.Acs;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Acs;

/// <summary>The fake refuses what ACS refuses, so the channel tests passing means something.</summary>
public sealed class FakeAcsServerTests
{
    [Fact]
    public async Task Request_BodyChangedAfterSigning_Returns401WithAnAcsError()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await FakeAcsServer.StartAsync(time);
        using var http = Client(server, time, inner: new TamperingHandler { InnerHandler = new SocketsHttpHandler() });

        using var response = await http.PostAsync(
            new Uri(server.Endpoint, "sms?api-version=2021-03-07"), new StringContent("""{"from":"+15550100000"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":\"Denied\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_DateSixteenMinutesOld_Returns401()
    {
        var serverTime = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var clientTime = new FakeTimeProvider(serverTime.GetUtcNow() - TimeSpan.FromMinutes(16));
        await using var server = await FakeAcsServer.StartAsync(serverTime);
        using var http = Client(server, clientTime);

        using var response = await http.GetAsync(new Uri(server.Endpoint, "emails/operations/x?api-version=2023-03-31"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_DateFourteenMinutesOld_IsAuthenticated()
    {
        var serverTime = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var clientTime = new FakeTimeProvider(serverTime.GetUtcNow() - TimeSpan.FromMinutes(14));
        await using var server = await FakeAcsServer.StartAsync(serverTime);
        using var http = Client(server, clientTime);

        using var response = await http.GetAsync(new Uri(server.Endpoint, "emails/operations/unknown?api-version=2023-03-31"));

        // Past authentication, the unknown operation is what is refused.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithoutApiVersion_Returns400()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await FakeAcsServer.StartAsync(time);
        using var http = Client(server, time);

        using var response = await http.GetAsync(new Uri(server.Endpoint, "emails/operations/x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MissingApiVersionParameter", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithoutAuthorization_Returns401()
    {
        await using var server = await FakeAcsServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Endpoint, "emails/operations/x?api-version=2023-03-31"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static HttpClient Client(FakeAcsServer server, TimeProvider time, HttpMessageHandler? inner = null) =>
        new(new AcsHmacAuthenticationHandler(Convert.FromBase64String(server.AccessKey), time) { InnerHandler = inner ?? new SocketsHttpHandler() });

    /// <summary>Swaps the body after the signer hashed it, as a man in the middle would.</summary>
    private sealed class TamperingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = new StringContent("""{"from":"+15550199999"}""", Encoding.UTF8, "application/json");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
