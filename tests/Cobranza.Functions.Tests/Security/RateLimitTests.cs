using System.Net;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Security;

/// <summary>An app whose keys may make only a few requests a minute.</summary>
public sealed class LowRateLimitAppFixture : AppFixture
{
    public const int PerKeyPerMinute = 4;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Cobranza:RateLimit:PerKeyPerMinute"] = PerKeyPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Over its budget a key gets 429 with Retry-After, other keys carry on, and the refused request changes nothing.</summary>
public sealed class RateLimitTests(LowRateLimitAppFixture fixture) : IClassFixture<LowRateLimitAppFixture>
{
    [Fact]
    public async Task StaffKey_OverItsBudget_Gets429WithRetryAfter_OtherKeysAndTheHealthProbeDoNot()
    {
        // The ERP webhook spends the source's budget, not the collector's.
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("RATE")).NotYetDue());
        using var client = fixture.App.CreateClientWithoutCredentials();
        for (var i = 0; i < LowRateLimitAppFixture.PerKeyPerMinute; i++)
        {
            using var allowed = await SendAsync(client, HttpMethod.Get, $"api/cases/{opened.InvoiceId}", TestCredentials.CollectorKey);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await SendAsync(client, HttpMethod.Post, $"api/cases/{opened.InvoiceId}/notes", TestCredentials.CollectorKey, "{\"text\":\"una más\"}");
        using var otherKey = await SendAsync(client, HttpMethod.Get, $"api/cases/{opened.InvoiceId}", TestCredentials.ViewerKey);
        using var health = await client.GetAsync("api/health");

        await Problem.AssertAsync(refused, (HttpStatusCode)429);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (otherKey.StatusCode, health.StatusCode));
        var c = await CobranzaApi.ReadAsync<CaseDto>(otherKey, HttpStatusCode.OK);
        Assert.Equal(0, c.Count("note"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", key);
        if (body is not null)
        {
            request.Content = CobranzaApi.Content(body);
        }

        return await client.SendAsync(request);
    }
}
