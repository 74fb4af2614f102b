using System.Net.Http.Headers;
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
/// Finds out which storage calls one <c>POST /api/payments</c> makes, without assuming them: the real app in this process
/// (TestServer), client only (<c>Cobranza:Durable:Enabled=false</c>, so no background work mixes in), on the same Azurite
/// and hub as the process under load, with a <see cref="StorageCallRecorder"/> in its storage clients. Each payment is
/// sent alone, and everything recorded between its request and its response is its sequence.
/// </summary>
public sealed class PaymentCallProbe : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly StorageCallRecorder _recorder;
    private readonly HttpClient _client;

    private PaymentCallProbe(WebApplicationFactory<Program> factory, StorageCallRecorder recorder)
    {
        _factory = factory;
        _recorder = recorder;
        _client = factory.CreateClient();
    }

    public static PaymentCallProbe Start(AzuriteLauncher azurite, string hub)
    {
        var recorder = new StorageCallRecorder(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseContentRoot(AppContext.BaseDirectory);
            web.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
            web.UseSetting("Cobranza:Durable:HubName", hub);
            web.UseSetting("Cobranza:Durable:Enabled", "false");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in AppClient.Credentials())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services => services.AddSingleton(new StorageClients(azurite.ConnectionString,
                options => options.AddPolicy(recorder, HttpPipelinePosition.PerRetry))));
        });
        _ = factory.Server;
        return new PaymentCallProbe(factory, recorder);
    }

    /// <summary>Pays <paramref name="amount"/> on the case and returns the storage calls the payment made, in order.</summary>
    public async Task<IReadOnlyList<RecordedStorageCall>> PayAsync(string paymentId, string invoiceId, decimal amount)
    {
        var bytes = Encoding.UTF8.GetBytes(LadderWorkload.PaymentJson(paymentId, invoiceId, amount));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/payments") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(BenchmarkApp.PaymentsSecret, DateTimeOffset.UtcNow, bytes));
        _recorder.Start();
        using var response = await _client.SendAsync(request);
        var calls = _recorder.Stop();
        await AppClient.ExpectAsync(response, 202);
        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }
}
