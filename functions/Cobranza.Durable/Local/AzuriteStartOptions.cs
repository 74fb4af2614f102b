namespace Cobranza.Durable.Local;

/// <summary>How to start a local Azurite with <see cref="AzuriteLauncher"/>.</summary>
public sealed record AzuriteStartOptions
{
    /// <summary>The repository root (holding package.json); default: found by walking up from the app's base directory.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Folder to persist data in (<c>--location</c>); null keeps everything in memory (<c>--inMemoryPersistence</c>).</summary>
    public string? Location { get; init; }

    /// <summary>Blob port; 0 picks a free port (as do the other two).</summary>
    public int BlobPort { get; init; }

    /// <summary>Queue port; 0 picks a free port.</summary>
    public int QueuePort { get; init; }

    /// <summary>Table port; 0 picks a free port.</summary>
    public int TablePort { get; init; }

    /// <summary>How long to wait for the three ports to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <c>npm ci</c> may take (and waiting for another process's <c>npm ci</c>).</summary>
    public TimeSpan InstallTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Azurite's default ports 10000–10002.</summary>
    public static AzuriteStartOptions DefaultPorts(string? location = null) => new()
    {
        Location = location,
        BlobPort = AzuriteEndpoints.DefaultBlobPort,
        QueuePort = AzuriteEndpoints.DefaultQueuePort,
        TablePort = AzuriteEndpoints.DefaultTablePort,
    };
}
