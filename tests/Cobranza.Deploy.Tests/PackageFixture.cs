namespace Cobranza.Deploy.Tests;

/// <summary>
/// Publishes the app once, as azd does (`dotnet publish` of functions/Cobranza.Functions, which the csproj makes a
/// linux-x64 self-contained Functions app root), into a temporary folder with 3 partitions and the hub "Cobranza", so
/// the generated queue functions differ from the defaults. Its own artifacts path keeps it apart from the repository's
/// bin and obj folders.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public const int Partitions = 3;
    public const string HubName = "Cobranza";

    private readonly string _work = Directory.CreateTempSubdirectory("cobranza-package-").FullName;

    public string Root => Path.Combine(_work, "package");

    public Tool.Result Publish { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Publish = await Tool.RunAsync(
            "dotnet",
            [
                "publish", Path.Combine(Paths.RepositoryRoot, "functions", "Cobranza.Functions"), "-c", "Release",
                "-o", Root, "--artifacts-path", Path.Combine(_work, "artifacts"),
                $"-p:CobranzaPartitions={Partitions}", $"-p:CobranzaHubName={HubName}",
            ],
            Paths.RepositoryRoot,
            TimeSpan.FromMinutes(8),
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }
}
