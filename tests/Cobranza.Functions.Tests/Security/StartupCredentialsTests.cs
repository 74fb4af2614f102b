using System.Net;
using System.Text.RegularExpressions;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;

namespace Cobranza.Functions.Tests.Security;

/// <summary>
/// Without configured keys and secrets, Production refuses to start; Development generates them once, keeps them in
/// its local data folder, prints them that first time only, and uses the same ones on every later start.
/// </summary>
public sealed partial class StartupCredentialsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cobranza-credentials-").FullName;

    [Fact]
    public async Task Production_WithoutKeysOrSecrets_RefusesToStartNamingWhatIsMissing()
    {
        var settings = WithoutCredentials();

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => AppHost.StartAsync(settings));

        Assert.Contains("Cobranza:Auth:Keys", refusal.Message);
        Assert.Contains("Cobranza:Webhooks:Erp:Secrets", refusal.Message);
        Assert.Contains("Cobranza:Webhooks:Payments:Secrets", refusal.Message);
    }

    [Fact]
    public async Task Production_KeyWithUnknownRole_RefusesToStart()
    {
        var settings = AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName());
        settings[$"Cobranza:Auth:Keys:{TestCredentials.ViewerId}:Role"] = "admin";

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => AppHost.StartAsync(settings));

        Assert.Contains($"Cobranza:Auth:Keys:{TestCredentials.ViewerId}:Role", refusal.Message);
    }

    [Fact]
    public async Task Development_WithoutKeysOrSecrets_GeneratesThemOncePrintsThemOnceAndKeepsThem()
    {
        var settings = WithoutCredentials();
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["DOTNET_ENVIRONMENT"] = "Development";
        settings["Cobranza:LocalDataPath"] = _dataFolder;

        string supervisorKey;
        await using (var first = await AppHost.StartAsync(settings))
        {
            supervisorKey = GeneratedKey().Match(first.RecentOutput) is { Success: true } match
                ? match.Groups["key"].Value
                : throw new Xunit.Sdk.XunitException("The first start printed no supervisor key:\n" + first.RecentOutput);
            Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(first, supervisorKey));
        }

        await using var second = await AppHost.StartAsync(settings);

        Assert.DoesNotContain(supervisorKey, second.RecentOutput);
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(second, supervisorKey));
        Assert.True(File.Exists(Path.Combine(_dataFolder, "credentials.json")));
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    private Dictionary<string, string?> WithoutCredentials()
    {
        var settings = AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName());
        foreach (var key in TestCredentials.Settings().Keys.Where(k => k.StartsWith("Cobranza:Auth", StringComparison.Ordinal) || k.StartsWith("Cobranza:Webhooks", StringComparison.Ordinal)))
        {
            settings.Remove(key);
        }

        return settings;
    }

    private static async Task<HttpStatusCode> StatusWithKeyAsync(AppHost app, string key)
    {
        using var client = app.CreateClientWithoutCredentials();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/cases");
        request.Headers.Add("x-functions-key", key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("staff key 'supervisor' \\(supervisor\\): (?<key>[0-9a-f]{64})")]
    private static partial Regex GeneratedKey();
}
