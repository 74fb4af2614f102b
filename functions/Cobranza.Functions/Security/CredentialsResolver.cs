using Cobranza.Durable.Local;

namespace Cobranza.Functions.Security;

/// <summary>
/// Decides at startup which credentials the app runs with: the configured ones; in Development, generated ones for
/// whatever is not configured; in any other environment, a refusal to start naming what is missing.
/// </summary>
public static class CredentialsResolver
{
    /// <summary>Where a Development run keeps what it generates (default: <c>.local</c> in the repository, else beside the app).</summary>
    public const string LocalDataPathSetting = "Cobranza:LocalDataPath";

    public static SecurityCredentials Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var (configured, errors) = SecuritySettings.Read(configuration);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The security configuration is invalid:\n  " + string.Join("\n  ", errors));
        }

        if (environment.IsDevelopment())
        {
            return DevelopmentCredentials.Complete(configured, LocalDataFolder(configuration, environment), logger);
        }

        var missing = configured.Missing().ToList();
        return missing.Count == 0
            ? configured
            : throw new InvalidOperationException(
                $"Refusing to start in the {environment.EnvironmentName} environment without credentials. Configure: {string.Join("; ", missing)}. " +
                "(Only a Development run generates its own; see the README's Security section.)");
    }

    public static string LocalDataFolder(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[LocalDataPathSetting] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryRoot.TryFind() ?? environment.ContentRootPath, ".local");
}
