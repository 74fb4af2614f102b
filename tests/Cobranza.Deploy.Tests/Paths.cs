using System.Reflection;

namespace Cobranza.Deploy.Tests;

/// <summary>Where the repository and the Bicep compiler are (recorded at build time).</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Bicep { get; } = Metadata("BicepPath").Replace('\\', Path.DirectorySeparatorChar);

    public static string MainBicep => Path.Combine(RepositoryRoot, "infra", "main.bicep");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The test assembly has no {key}; build it with its csproj.");
}
