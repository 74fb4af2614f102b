using System.Net;
using System.Text;
using System.Text.Json;
using Cobranza.Durable;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Functions.Tests.Api;

/// <summary>The app in memory (TestServer) on its own Azurite, to compare its OpenAPI document with its endpoints.</summary>
public sealed class InMemoryAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public string StorageConnection => _azurite.ConnectionString;

    public HttpClient CreateClient() => Factory.CreateDefaultClient(new ContractCheckingHandler(), new CredentialsHandler());

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in TestCredentials.Settings())
            {
                web.UseSetting(key, value);
            }

            web.UseEnvironment("Production")
                .UseSetting("AzureWebJobsStorage", _azurite.ConnectionString)
                .UseSetting("Cobranza:Durable:HubName", AppHost.NewHubName())
                .UseSetting("Cobranza:Durable:Enabled", "false");
        });
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

public sealed class OpenApiTests(InMemoryAppFixture fixture) : IClassFixture<InMemoryAppFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public void InMemoryApp_Storage_IsTheTestsAzuriteNotALocalFallback()
    {
        var storage = fixture.Factory.Services.GetRequiredService<StorageClients>();

        Assert.Contains(storage.Tables.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), fixture.StorageConnection);
    }

    [Fact]
    public async Task OpenApiDocument_Paths_AreExactlyTheAppsEndpoints()
    {
        using var document = await DocumentAsync();
        var documented = Operations(document).Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").ToHashSet(StringComparer.Ordinal);

        var mapped = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {"/" + e.RoutePattern.RawText!.Trim('/')}"))
            .Where(route => !route.Contains(" /openapi/", StringComparison.Ordinal) && !route.Contains(" /scalar", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenApiDocument_EveryOperation_DeclaresA2xxResponseWithASchema()
    {
        using var document = await DocumentAsync();

        Assert.All(Operations(document), o =>
        {
            var success = o.Responses.Where(r => r.Status.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{o} declares no 2xx response");
            // The API answers JSON; the unsubscribe page (the one route a debtor opens in a browser) answers HTML.
            Assert.All(success, r => Assert.True(
                r.Body.TryGetProperty("content", out var content)
                && (content.TryGetProperty("application/json", out var json) || content.TryGetProperty("text/html", out json) || content.TryGetProperty("application/x-ndjson", out json))
                && json.TryGetProperty("schema", out _),
                $"{o} {r.Status} has no application/json (or, for a page, text/html; for a batch, application/x-ndjson) schema"));
        });
    }

    [Fact]
    public async Task OpenApiDocument_EveryOperation_DeclaresTheErrorStatusesItAnswersWithAsProblems()
    {
        using var document = await DocumentAsync();
        using var client = fixture.CreateClient();
        var undeclared = new List<string>();

        foreach (var o in Operations(document))
        {
            var path = o.Path.Replace("{id}", "probe-unknown", StringComparison.Ordinal)
                .Replace("{paymentId}", "probe-unknown", StringComparison.Ordinal)
                .Replace("{name}", "probe-unknown", StringComparison.Ordinal);
            var probes = o.HasBody
                ? new (string? ContentType, string? Body)[] { ("text/plain", "probe"), ("application/json", "{"), ("application/json", "{}"), ("application/json", "{\"invoiceId\":\"probe-unknown\",\"text\":\"x\",\"to\":\"next\",\"promisedOn\":\"2099-01-01\"}") }
                : [(null, null)];
            foreach (var (contentType, body) in probes)
            {
                using var request = new HttpRequestMessage(new HttpMethod(o.Method.ToUpperInvariant()), path.TrimStart('/'));
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, contentType!);
                }

                using var response = await client.SendAsync(request);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!o.Responses.Any(r => r.Status == status))
                {
                    undeclared.Add($"{o} answered {status} to {contentType ?? "no body"} {body}");
                }
                else if (status[0] is '4' or '5')
                {
                    var declared = o.Responses.Single(r => r.Status == status).Body;
                    if (!declared.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                    {
                        undeclared.Add($"{o} declares {status} without an application/problem+json body");
                    }
                }
            }
        }

        Assert.True(undeclared.Count == 0, "Operations answering statuses their OpenAPI description does not declare:\n" + string.Join('\n', undeclared));
    }

    [Fact]
    public async Task ScalarReference_V1_Answers200WithHtmlForTheDocument()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<Operation> Operations(JsonDocument document) =>
        [.. document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => Methods.Contains(op.Name))
                .Select(op => new Operation(
                    op.Name,
                    path.Name,
                    op.Value.TryGetProperty("requestBody", out _),
                    [.. op.Value.GetProperty("responses").EnumerateObject().Select(r => (r.Name, r.Value.Clone()))])))];

    private sealed record Operation(string Method, string Path, bool HasBody, List<(string Status, JsonElement Body)> Responses)
    {
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }
}
