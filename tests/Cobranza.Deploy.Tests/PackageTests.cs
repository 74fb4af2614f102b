using System.Text.Json;
using Cobranza.Durable;
using Cobranza.Functions.Hosting.Triggers;

namespace Cobranza.Deploy.Tests;

/// <summary>The deployment package, as the Functions host will read it: host.json, one folder per function, the executable.</summary>
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private static readonly StorageLayout Layout = new(PackageFixture.HubName, PackageFixture.Partitions);

    [Fact]
    public void Publish_Succeeds()
    {
        Assert.True(package.Publish.ExitCode == 0, package.Publish.ToString());
    }

    [Fact]
    public void HostJson_DefaultExecutablePath_IsAnExecutableFileInThePackage()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Root, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        var path = Path.Combine(package.Root, executable);

        Assert.True(File.Exists(path), $"{executable} is not in the package");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        }

        Assert.True(host.RootElement.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
    }

    [Fact]
    public void Package_IsSelfContainedForLinuxX64()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Root, "Cobranza.Functions.runtimeconfig.json")));

        // A self-contained app lists the frameworks it carries instead of asking the machine for them.
        Assert.True(config.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), config.RootElement.ToString());
        Assert.True(File.Exists(Path.Combine(package.Root, "libcoreclr.so")));
    }

    [Fact]
    public void Functions_AreExactlyTheHttpApiTheTimerAndOneQueueFunctionPerPartition()
    {
        var expected = HostFunctions.All(Layout).Select(f => f.Name).Append("HttpApi").Order(StringComparer.Ordinal);

        Assert.Equal(expected, FunctionFolders().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HttpApi_IsAnAnonymousCatchAllThatTheAppServesBehindTheHost()
    {
        var trigger = Trigger("HttpApi");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        // With routePrefix "" and enableForwardingHttpRequest, every path (/api/..., /openapi/..., /p/...) reaches the app unchanged.
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
    }

    [Fact]
    public void SweepTimers_IsTheTimerTheAppServesEveryMinute()
    {
        var trigger = Trigger(HostFunctions.SweepTimers);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(HostFunctions.TimerBinding, trigger.GetProperty("name").GetString());
        Assert.Equal(HostFunctions.SweepSchedule, trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void ControlQueueFunctions_EachListensToTheQueueTheAppWritesThatPartitionTo()
    {
        for (var partition = 0; partition < PackageFixture.Partitions; partition++)
        {
            var trigger = Trigger(HostFunctions.ControlQueue(partition));

            Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(HostFunctions.MessageBinding, trigger.GetProperty("name").GetString());
            Assert.Equal(Layout.ControlQueue(partition), trigger.GetProperty("queueName").GetString());
            Assert.Equal(HostFunctions.Connection, trigger.GetProperty("connection").GetString());
        }

        // What the app itself checks at start under the host.
        Assert.Empty(HostFunctionsCheck.Verify(package.Root, Layout));
    }

    private IEnumerable<string> FunctionFolders() =>
        Directory.GetDirectories(package.Root)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => Path.GetFileName(d)!);

    private JsonElement Trigger(string function)
    {
        var path = Path.Combine(package.Root, function, "function.json");
        Assert.True(File.Exists(path), $"{function}/function.json is not in the package");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var triggers = document.RootElement.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("direction").GetString() == "in" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
            .ToList();
        return Assert.Single(triggers).Clone();
    }
}
