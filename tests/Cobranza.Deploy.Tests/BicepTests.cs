using System.Text.Json;

namespace Cobranza.Deploy.Tests;

/// <summary>
/// infra/main.bicep with the compiler from NuGet (Azure.Bicep.CommandLine.linux-x64), offline. Any error fails, and so
/// does any linter warning: the default rule set is kept whole (secure parameters, outputs without secrets, no
/// hard-coded locations or URLs, unused parameters and variables, API versions, ...) because each of them is a
/// deployment or security defect on a real subscription.
/// </summary>
public sealed class BicepTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task MainBicep_Build_CompilesWithoutErrorsOrWarnings()
    {
        var result = await BicepAsync("build", Paths.MainBicep, "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Warning", result.Errors, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Error", result.Errors, StringComparison.OrdinalIgnoreCase);
        using var template = JsonDocument.Parse(result.Output);
        Assert.True(template.RootElement.GetProperty("resources").EnumerateObject().Any() || template.RootElement.GetProperty("resources").GetArrayLength() > 0);
    }

    [Fact]
    public async Task MainBicep_Lint_ReportsNoDiagnostics()
    {
        var result = await BicepAsync("lint", Paths.MainBicep);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Output + result.Errors), "The linter reported:\n" + result);
    }

    [Fact]
    public async Task MainBicep_Template_KeepsTheDeploymentContract()
    {
        var result = await BicepAsync("build", Paths.MainBicep, "--stdout");
        Assert.True(result.ExitCode == 0, result.ToString());
        var template = result.Output;

        // What docs/deploy.md and the app rely on; each a deliberate decision, so changing one is a decision too.
        Assert.Contains("\"allowSharedKeyAccess\": false", template, StringComparison.Ordinal);
        Assert.Contains("\"enableRbacAuthorization\": true", template, StringComparison.Ordinal);
        Assert.Contains("\"keyVaultReferenceIdentity\"", template, StringComparison.Ordinal);
        Assert.Contains("\"FlexConsumption\"", template, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"custom\"", template, StringComparison.Ordinal);
        Assert.Contains("\"domainManagement\": \"AzureManaged\"", template, StringComparison.Ordinal);
        foreach (var setting in new[]
                 {
                     "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
                     "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_CONNECTION_STRING",
                     "Cobranza__Durable__HostDriven", "Cobranza__Durable__Partitions", "Cobranza__Acs__Endpoint", "Cobranza__Acs__ClientId",
                     "Cobranza__Acs__EmailFrom", "Cobranza__Email__Sender", "Cobranza__Webhooks__Erp__Secrets", "Cobranza__Auth__Keys__supervisor__Key",
                 })
        {
            // A plain key ("name") or a key of the compiled createObject('name', ...).
            Assert.Matches($"[\"']{setting}[\"']", template);
        }

        // Role definitions by name: Storage Blob Data Owner, Queue Data Contributor, Table Data Contributor, Key Vault Secrets User.
        foreach (var role in new[] { "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "4633458b-17de-408a-b874-0445c86b69e6" })
        {
            Assert.Contains(role, template, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("AccountKey=", template, StringComparison.Ordinal);
    }

    private static Task<Tool.Result> BicepAsync(params string[] arguments)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(Paths.Bicep))
        {
            var mode = File.GetUnixFileMode(Paths.Bicep);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                // NuGet does not keep file modes on every platform.
                File.SetUnixFileMode(Paths.Bicep, mode | UnixFileMode.UserExecute);
            }
        }

        return Tool.RunAsync(Paths.Bicep, arguments, Paths.RepositoryRoot, Timeout);
    }
}
