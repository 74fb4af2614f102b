using Cobranza.Durable.Local;

namespace Cobranza.Testing;

/// <summary>
/// An Azurite that keeps its data in a temporary folder and can be restarted on the same folder and ports (so the
/// connection string stays valid), for tests of what survives a restart. Disposing stops it and deletes the folder.
/// </summary>
public sealed class PersistentAzurite : IAsyncDisposable
{
    private readonly string _folder;
    private readonly (int Blob, int Queue, int Table) _ports;
    private AzuriteLauncher? _azurite;

    private PersistentAzurite(string folder, (int, int, int) ports)
    {
        _folder = folder;
        _ports = ports;
    }

    /// <summary>The connection string (the same across restarts).</summary>
    public string ConnectionString => AzuriteEndpoints.ConnectionString(_ports.Blob, _ports.Queue, _ports.Table);

    /// <summary>The data folder.</summary>
    public string Folder => _folder;

    /// <summary>Starts Azurite on a new temporary folder and free ports.</summary>
    public static async Task<PersistentAzurite> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cobranza-azurite-" + Guid.NewGuid().ToString("N"));
        var azurite = new PersistentAzurite(folder, AzuriteEndpoints.PickFreePorts());
        await azurite.StartOnSameFolderAsync();
        return azurite;
    }

    /// <summary>Stops Azurite gracefully (it saves its data) and starts it again on the same folder and ports.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartOnSameFolderAsync();
    }

    /// <summary>
    /// Stops Azurite with SIGINT (as Ctrl+C) and waits until it has exited and saved its folder; <see cref="StartAgainAsync"/>
    /// brings it back. Meanwhile every request to it fails, as during a storage outage.
    /// </summary>
    public async Task InterruptAsync()
    {
        if (_azurite is null)
        {
            throw new InvalidOperationException("Azurite is not running.");
        }

        await _azurite.InterruptAsync(TimeSpan.FromSeconds(30));
        await _azurite.DisposeAsync();
        _azurite = null;
    }

    /// <summary>Starts Azurite again on the same folder and ports after <see cref="InterruptAsync"/> or <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() =>
        _azurite is null ? StartOnSameFolderAsync() : throw new InvalidOperationException("Azurite is already running.");

    /// <summary>Stops Azurite; the folder stays until dispose.</summary>
    public async Task StopAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task StartOnSameFolderAsync() =>
        _azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions
        {
            Location = _folder,
            BlobPort = _ports.Blob,
            QueuePort = _ports.Queue,
            TablePort = _ports.Table,
        });
}
