using Cobranza.Durable.Local;

namespace Cobranza.Functions.Hosting;

/// <summary>
/// Resolves the storage connection from <c>AzureWebJobsStorage</c>, as Azure Functions does. When it is missing or
/// <c>UseDevelopmentStorage=true</c> and nothing listens on Azurite's ports, starts Azurite (installed from the repo's
/// package-lock.json) with its data under the git-ignored <c>.local/azurite</c> folder, for as long as the app runs.
/// </summary>
public static class LocalStorage
{
    public const string ConnectionSetting = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static async Task<(string ConnectionString, AzuriteLauncher? Azurite)> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = configuration[ConnectionSetting];
        var isDevelopmentStorage = string.IsNullOrWhiteSpace(configured)
            || configured.Trim().TrimEnd(';').Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase);
        if (!isDevelopmentStorage)
        {
            return (configured!, null);
        }

        var root = RepositoryRoot.TryFind() ?? RepositoryRoot.TryFind(Directory.GetCurrentDirectory());
        if (root is null)
        {
            // Outside the repository (a published app) there is nothing to start Azurite from: one must already run.
            return await AzuriteEndpoints.IsAnythingListeningOnDefaultPortsAsync(cancellationToken)
                ? (DevelopmentStorage, null)
                : throw new InvalidOperationException(
                    $"{ConnectionSetting} is not set and no Azurite listens on 127.0.0.1:10000-10002. Set {ConnectionSetting} to a storage connection string, or run from the repository so the app can start Azurite itself.");
        }

        var azurite = await AzuriteLauncher.StartOnDefaultPortsUnlessRunningAsync(root, logger, cancellationToken: cancellationToken);
        return (DevelopmentStorage, azurite);
    }
}
