using System.Net;
using Cobranza.Console.Tests.Support;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PageServingTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Root_WithoutKey_ServesThePageWithStrictSecurityHeaders()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"app/main.js\"></script>", html);
    }

    [Fact]
    public async Task Assets_AreServedWithTheirTypes_AndTheApiStillNeedsAKey()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var script = await client.GetAsync("/app/main.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var texts = await client.GetAsync("/i18n/es.json");
        Assert.Equal("application/json", texts.Content.Headers.ContentType?.MediaType);

        using var cases = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, cases.StatusCode);
        using var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }
}
