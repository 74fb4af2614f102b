using Cobranza.Durable;
using Cobranza.Durable.Local;

namespace Cobranza.Functions.Hosting;

/// <summary>
/// Resolves the storage connection from <c>AzureWebJobsStorage</c>, as Azure Functions does: a connection string, or the
/// identity-based settings <c>AzureWebJobsStorage__accountName</c> / <c>__blobServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__tableServiceUri</c> with <c>__credential</c> and <c>__clientId</c> (see <see cref="StorageConnection"/>). When it is missing or
/// <c>UseDevelopmentStorage=true</c> and nothing listens on Azurite's ports, starts Azurite (installed from the repo's
/// package-lock.json) with its data under the git-ignored <c>.local/azurite</c> folder, for as long as the app runs.
/// </summary>
public static class LocalStorage
{
    public const string ConnectionSetting = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static async Task<(StorageConnection Connection, AzuriteLauncher? Azurite)> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = StorageConnection.Read(configuration, ConnectionSetting);
        if (configured is { IsDevelopmentStorage: false })
        {
            return (configured, null);
        }

        var local = StorageConnection.FromConnectionString(DevelopmentStorage);

        var root = RepositoryRoot.TryFind() ?? RepositoryRoot.TryFind(Directory.GetCurrentDirectory());
        if (root is null)
        {
            // Outside the repository (a published app) there is nothing to start Azurite from: one must already run.
            return await AzuriteEndpoints.IsAnythingListeningOnDefaultPortsAsync(cancellationToken)
                ? (local, null)
                : throw new InvalidOperationException(
                    $"{ConnectionSetting} is not set and no Azurite listens on 127.0.0.1:10000-10002. Set {ConnectionSetting} to a storage connection string, or run from the repository so the app can start Azurite itself.");
        }

        var azurite = await AzuriteLauncher.StartOnDefaultPortsUnlessRunningAsync(root, logger, cancellationToken: cancellationToken);
        return (local, azurite);
    }
}
