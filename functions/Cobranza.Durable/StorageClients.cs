using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cobranza.Durable;

/// <summary>
/// The three Azure Storage service clients built from one connection string (<c>UseDevelopmentStorage=true</c> works too).
/// Queue messages are Base64-encoded because that is what the Azure Functions queue trigger expects.
/// </summary>
public sealed class StorageClients
{
    /// <summary>Builds the clients; <paramref name="configureClientOptions"/> is applied to each client's options (e.g. to add an <see cref="Azure.Core.Pipeline.HttpPipelinePolicy"/> that counts transactions).</summary>
    public StorageClients(string connectionString, Action<ClientOptions>? configureClientOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var blobOptions = new BlobClientOptions();
        configureClientOptions?.Invoke(tableOptions);
        configureClientOptions?.Invoke(queueOptions);
        configureClientOptions?.Invoke(blobOptions);

        Tables = new TableServiceClient(connectionString, tableOptions);
        Queues = new QueueServiceClient(connectionString, queueOptions);
        Blobs = new BlobServiceClient(connectionString, blobOptions);
    }

    /// <summary>Table service (instances and timers tables).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>Queue service (control queues), Base64 message encoding.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Blob service, for the application's own use (the runtime stores nothing in blobs yet).</summary>
    public BlobServiceClient Blobs { get; }
}
