using System.Text.Json;

namespace Cobranza.Functions.Tests.Hosting;

/// <summary>
/// The Functions host does not run here, so these pin the custom-handler files it would read: the build output must be
/// a valid app root (host.json, one folder per function, the executable).
/// </summary>
public sealed class FunctionAppLayoutTests
{
    private static readonly string Output = AppContext.BaseDirectory;

    [Fact]
    public void HostJson_IsACustomHandlerHostThatForwardsRequestsUnchanged()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.Equal("Cobranza.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.StartsWith("[4.", root.GetProperty("extensionBundle").GetProperty("version").GetString());
    }

    [Fact]
    public void HostJson_ExecutableItNames_IsInTheAppRoot()
    {
        // The SDK's apphost for linux is the extension-less file named after the assembly.
        Assert.True(File.Exists(Path.Combine(Output, "Cobranza.Functions")) || File.Exists(Path.Combine(Output, "Cobranza.Functions.exe")));
        Assert.True(File.Exists(Path.Combine(Output, "Cobranza.Functions.dll")));
    }

    [Fact]
    public void FunctionJson_EveryFunction_IsAnonymousAndHttpFunctionsCatchEveryRoute()
    {
        var functions = Directory.GetDirectories(Output).Where(d => File.Exists(Path.Combine(d, "function.json"))).ToList();
        Assert.NotEmpty(functions);

        foreach (var folder in functions)
        {
            using var function = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "function.json")));
            var bindings = function.RootElement.GetProperty("bindings").EnumerateArray().ToList();
            foreach (var trigger in bindings.Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
                Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
                Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
            }
        }

        Assert.Contains(functions, f => Path.GetFileName(f) == "HttpApi");
    }
}
