using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cobranza.Testing;
using Cobranza.Workflow.Dtfx;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cobranza.Workflow.Tests.Support;

/// <summary>
/// The case workflow on the standalone engine in this process, on its own task hub of a shared Azurite, with effects
/// written to a Blob outbox. Polls fast (1 s at most) and lets a stopped worker's messages go after 10 s, as a test
/// wants.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkflowHost(IHost host, string hub, BlobContainerClient outbox)
    {
        _host = host;
        Hub = hub;
        Outbox = outbox;
    }

    public string Hub { get; }

    public BlobContainerClient Outbox { get; }

    public CaseWorkflowClient Client => _host.Services.GetRequiredService<CaseWorkflowClient>();

    public static async Task<WorkflowHost> StartAsync(AzuriteFixture azurite, string hub, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = hub,
            ["Cobranza:Durable:Partitions"] = "2",
            ["Cobranza:Durable:MaxPollingInterval"] = "00:00:01",
            ["Cobranza:Durable:ReplyTimeout"] = "00:01:00",
            // A stopped worker's messages in hand come back to the next one this soon.
            ["Cobranza:Durable:ControlQueueVisibilityTimeout"] = "00:00:10",
            ["Cobranza:Durable:WorkItemQueueVisibilityTimeout"] = "00:00:10",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();
        var outbox = new BlobContainerClient(azurite.ConnectionString, hub.ToLowerInvariant() + "-outbox");
        await outbox.CreateIfNotExistsAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCaseWorkflowOnDtfx(configuration, new StorageAccountClientProvider(azurite.ConnectionString), new TableServiceClient(azurite.ConnectionString));
        builder.Services.AddSingleton<ICaseEffectRunner>(sp => new OutboxEffectRunner(outbox, TimeProvider.System));
        var host = builder.Build();
        await host.StartAsync();
        return new WorkflowHost(host, hub, outbox);
    }

    /// <summary>The names of the blobs written for an invoice (its messages and its handoff file).</summary>
    public async Task<IReadOnlyList<(string Name, DateTimeOffset CreatedOn)>> OutboxOfAsync(string invoiceId)
    {
        var blobs = new List<(string, DateTimeOffset)>();
        foreach (var prefix in new[] { $"{invoiceId}/", $"handoffs/{invoiceId}/" })
        {
            await foreach (var blob in Outbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
            {
                blobs.Add((blob.Name, blob.Properties.CreatedOn ?? DateTimeOffset.MinValue));
            }
        }

        return blobs;
    }

    /// <summary>Waits until the stored case satisfies <paramref name="condition"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task<StoredCase> WaitForAsync(string invoiceId, Func<StoredCase, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        StoredCase? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await Client.GetAsync(invoiceId, withHistory: true, CancellationToken.None);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Case {invoiceId} did not get there in {timeout}; last seen: {(last is null ? "none" : $"{last.Case.State}, step {last.Case.CurrentStep}, history {string.Join(", ", last.History.Select(h => h.Type))}")}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
