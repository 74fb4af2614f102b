using Azure.Core;
using Cobranza.Benchmarks.InMemory;
using Cobranza.Durable;
using Cobranza.Durable.Local;

namespace Cobranza.Benchmarks;

/// <summary>
/// The storage a <see cref="BenchmarkApp"/> runs on: its own Azurite on free ports, or the in-memory implementation of
/// the same REST API (<see cref="InMemoryStorageTransport"/>). Outlives the apps started on it, so that one app can
/// prepare work and another process it.
/// </summary>
public sealed class BenchmarkStorage : IAsyncDisposable
{
    private readonly AzuriteLauncher? _azurite;
    private readonly InMemoryStorageTransport? _transport;

    private BenchmarkStorage(string connectionString, int blobPort, int queuePort, int tablePort, AzuriteLauncher? azurite, InMemoryStorageTransport? transport)
    {
        ConnectionString = connectionString;
        (BlobPort, QueuePort, TablePort) = (blobPort, queuePort, tablePort);
        _azurite = azurite;
        _transport = transport;
    }

    public string ConnectionString { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>"azurite" or "in-memory", for reports.</summary>
    public string Name => _transport is null ? "azurite" : "in-memory";

    /// <summary>The in-memory store, or null on Azurite.</summary>
    public InMemoryStorageTransport? InMemory => _transport;

    public static async Task<BenchmarkStorage> StartAzuriteAsync()
    {
        var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions());
        return new BenchmarkStorage(azurite.ConnectionString, azurite.BlobPort, azurite.QueuePort, azurite.TablePort, azurite, transport: null);
    }

    /// <summary>
    /// An empty in-memory storage. Its endpoints look like an Azurite's (path-style, the emulator's account key, so
    /// the clients sign every request as they would on Azurite) but no socket is ever opened: the ports only tell the
    /// services apart.
    /// </summary>
    public static BenchmarkStorage InMemoryStorage()
    {
        var transport = new InMemoryStorageTransport(InMemoryStorageTransport.DefaultBlobPort, InMemoryStorageTransport.DefaultQueuePort, InMemoryStorageTransport.DefaultTablePort);
        return new BenchmarkStorage(transport.ConnectionString, transport.BlobPort, transport.QueuePort, transport.TablePort, azurite: null, transport);
    }

    /// <summary>Points client options at this storage (for Azurite nothing changes).</summary>
    public void Configure(ClientOptions options)
    {
        if (_transport is not null)
        {
            options.Transport = _transport;
        }
    }

    /// <summary>Clients of their own, outside any counting pipeline, to watch progress.</summary>
    public StorageClients CreateClients() => new(ConnectionString, Configure);

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
