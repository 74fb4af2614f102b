using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cobranza.Benchmarks;

/// <summary>
/// The benchmark's own storage clients, for raw replays and for reading results. Distributed tracing is off, so that
/// neither the <see cref="StorageRequestTap"/> sees their requests nor do they pay for its activities; they are not in
/// the app's pipeline either, so <see cref="StorageTransactionCounter"/> does not count them.
/// </summary>
public sealed class ReplayClients
{
    public ReplayClients(string connectionString)
    {
        Tables = new TableServiceClient(connectionString, Configure(new TableClientOptions()));
        Queues = new QueueServiceClient(connectionString, Configure(new QueueClientOptions()));
        Blobs = new BlobServiceClient(connectionString, Configure(new BlobClientOptions()));
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    private static T Configure<T>(T options) where T : ClientOptions
    {
        options.Diagnostics.IsDistributedTracingEnabled = false;
        options.Diagnostics.IsLoggingEnabled = false;
        return options;
    }
}
