using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using Cobranza.Durable;
using Cobranza.Functions.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Benchmarks;

/// <summary>
/// The real app in this process (TestServer) on its own Azurite or a given <see cref="BenchmarkStorage"/>, with every storage request counted by a
/// <see cref="StorageTransactionCounter"/>, and a client that signs webhooks and sends a staff key as real callers do.
/// </summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    public const string StaffKey = "bench-supervisor-key";
    public const string ErpSecret = "bench-erp-secret";
    public const string PaymentsSecret = "bench-payments-secret";

    private readonly BenchmarkStorage _storage;
    private readonly bool _ownsStorage;
    private readonly WebApplicationFactory<Program> _factory;

    private BenchmarkApp(BenchmarkStorage storage, bool ownsStorage, StorageTransactionCounter counter, StorageRequestLog requestLog, WebApplicationFactory<Program> factory)
    {
        _storage = storage;
        _ownsStorage = ownsStorage;
        Counter = counter;
        RequestLog = requestLog;
        _factory = factory;
        Client = factory.CreateClient();
        Client.DefaultRequestHeaders.Add("x-functions-key", StaffKey);
    }

    public StorageTransactionCounter Counter { get; }

    /// <summary>Every storage request the app sends, when recording (to replay the same mix raw).</summary>
    public StorageRequestLog RequestLog { get; }

    public HttpClient Client { get; }

    public string ConnectionString => _storage.ConnectionString;

    public BenchmarkStorage Storage => _storage;

    /// <summary>The app, on an Azurite of its own stopped with it.</summary>
    public static async Task<BenchmarkApp> StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        Start(await BenchmarkStorage.StartAzuriteAsync(), ownsStorage: true, settings);

    /// <summary>
    /// The app on <paramref name="storage"/>, which outlives it (e.g. the in-memory storage);
    /// <paramref name="configureClientOptions"/> adds to the storage clients' options (e.g. a traffic log).
    /// </summary>
    public static BenchmarkApp Start(BenchmarkStorage storage, IReadOnlyDictionary<string, string?> settings, Action<ClientOptions>? configureClientOptions = null) =>
        Start(storage, ownsStorage: false, settings, configureClientOptions);

    private static BenchmarkApp Start(BenchmarkStorage storage, bool ownsStorage, IReadOnlyDictionary<string, string?> settings, Action<ClientOptions>? configureClientOptions = null)
    {
        var counter = new StorageTransactionCounter(storage.BlobPort, storage.QueuePort, storage.TablePort);
        var requestLog = new StorageRequestLog(storage.BlobPort, storage.QueuePort, storage.TablePort);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseContentRoot(AppContext.BaseDirectory);
            web.UseSetting("AzureWebJobsStorage", storage.ConnectionString);
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
            web.ConfigureTestServices(services => services.AddSingleton(new StorageClients(storage.ConnectionString, options =>
            {
                storage.Configure(options);
                options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
                options.AddPolicy(requestLog, Azure.Core.HttpPipelinePosition.PerRetry);
                configureClientOptions?.Invoke(options);
            })));
        });
        _ = factory.Server;
        return new BenchmarkApp(storage, ownsStorage, counter, requestLog, factory);
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
        if (_ownsStorage)
        {
            await _storage.DisposeAsync();
        }
    }
}
