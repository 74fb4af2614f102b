using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using Cobranza.Durable;
using Cobranza.Durable.Local;
using Cobranza.Functions.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Benchmarks;

/// <summary>
/// The real app in this process (TestServer) on its own Azurite, with every storage request counted by a
/// <see cref="StorageTransactionCounter"/>, and a client that signs webhooks and sends a staff key as real callers do.
/// </summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    public const string StaffKey = "bench-supervisor-key";
    public const string ErpSecret = "bench-erp-secret";
    public const string PaymentsSecret = "bench-payments-secret";

    private readonly AzuriteLauncher _azurite;
    private readonly WebApplicationFactory<Program> _factory;

    private BenchmarkApp(AzuriteLauncher azurite, StorageTransactionCounter counter, StorageRequestLog requestLog, WebApplicationFactory<Program> factory)
    {
        _azurite = azurite;
        Counter = counter;
        RequestLog = requestLog;
        _factory = factory;
        Client = factory.CreateClient();
        Client.DefaultRequestHeaders.Add("x-functions-key", StaffKey);
    }

    public StorageTransactionCounter Counter { get; }

    /// <summary>The app's storage requests in detail (by table or queue, with sizes), while started.</summary>
    public StorageRequestLog RequestLog { get; }

    public HttpClient Client { get; }

    public string ConnectionString => _azurite.ConnectionString;

    public static async Task<BenchmarkApp> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions { BlobPort = blob, QueuePort = queue, TablePort = table });
        var counter = new StorageTransactionCounter(blob, queue, table);
        var requestLog = new StorageRequestLog(blob, queue, table);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseContentRoot(AppContext.BaseDirectory);
            web.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
            web.UseSetting("Cobranza:Auth:Keys:bench:Key", StaffKey);
            web.UseSetting("Cobranza:Auth:Keys:bench:Role", "supervisor");
            web.UseSetting("Cobranza:Webhooks:Erp:Secrets:0", ErpSecret);
            web.UseSetting("Cobranza:Webhooks:Payments:Secrets:0", PaymentsSecret);
            web.UseSetting("Cobranza:RateLimit:PerKeyPerMinute", "10000000");
            web.UseSetting("Cobranza:RateLimit:PerSourcePerMinute", "10000000");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            // The same clients the app builds, with the counter in every pipeline (registered last, so they win).
            web.ConfigureTestServices(services => services.AddSingleton(new StorageClients(azurite.ConnectionString,
                options =>
                {
                    options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
                    options.AddPolicy(requestLog, Azure.Core.HttpPipelinePosition.PerRetry);
                })));
        });
        _ = factory.Server;
        return new BenchmarkApp(azurite, counter, requestLog, factory);
    }

    /// <summary>POSTs a webhook body signed with <paramref name="secret"/> as <c>X-Cobranza-Signature</c>.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string secret, string mediaType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(secret, DateTimeOffset.UtcNow, bytes));
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
