using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cobranza.Durable;

/// <summary>
/// The three Azure Storage service clients, built from one connection string (<c>UseDevelopmentStorage=true</c> works
/// too) or from an identity-based <see cref="StorageConnection"/> (service URIs and an Entra ID credential).
/// Queue messages are Base64-encoded because that is what the Azure Functions queue trigger expects.
/// </summary>
public sealed class StorageClients
{
    /// <summary>Builds the clients; <paramref name="configureClientOptions"/> is applied to each client's options (e.g. to add an <see cref="Azure.Core.Pipeline.HttpPipelinePolicy"/> that counts transactions).</summary>
    public StorageClients(string connectionString, Action<ClientOptions>? configureClientOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        (Tables, Queues, Blobs) = Create(connectionString, configureClientOptions);
    }

    private static (TableServiceClient, QueueServiceClient, BlobServiceClient) Create(string connectionString, Action<ClientOptions>? configure)
    {
        var (tableOptions, queueOptions, blobOptions) = Options(configure);
        return (new TableServiceClient(connectionString, tableOptions), new QueueServiceClient(connectionString, queueOptions), new BlobServiceClient(connectionString, blobOptions));
    }

    private static (TableClientOptions, QueueClientOptions, BlobClientOptions) Options(Action<ClientOptions>? configure)
    {
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var blobOptions = new BlobClientOptions();
        configure?.Invoke(tableOptions);
        configure?.Invoke(queueOptions);
        configure?.Invoke(blobOptions);
        return (tableOptions, queueOptions, blobOptions);
    }

    /// <summary>Builds the clients for <paramref name="connection"/>: its connection string, or its service URIs with its credential.</summary>
    public StorageClients(StorageConnection connection, Action<ClientOptions>? configureClientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.ConnectionString is { } connectionString)
        {
            (Tables, Queues, Blobs) = Create(connectionString, configureClientOptions);
            return;
        }

        var (tableOptions, queueOptions, blobOptions) = Options(configureClientOptions);
        var credential = (connection.Credential ?? AzureCredentialChoice.Default).Create();
        Tables = new TableServiceClient(connection.TableServiceUri, credential, tableOptions);
        Queues = new QueueServiceClient(connection.QueueServiceUri, credential, queueOptions);
        Blobs = new BlobServiceClient(connection.BlobServiceUri, credential, blobOptions);
    }

    /// <summary>Table service (instances and timers tables).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>Queue service (control queues), Base64 message encoding.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Blob service, for the application's own use (the runtime stores nothing in blobs yet).</summary>
    public BlobServiceClient Blobs { get; }
}
