using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cobranza.Functions.Tests.Support;

/// <summary>
/// Runs the real app as a child process (<c>dotnet Cobranza.Functions.dll --urls http://127.0.0.1:{port}</c>) from the
/// test's bin folder, where the project reference copies it with its runtimeconfig and deps files. Ready once
/// <c>GET /api/health</c> answers 200. Can be killed (whole process tree) and started again with the same settings.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private const int OutputLines = 400;
    private const int StartAttempts = 3;
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(90);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Queue<string> _output = new();
    private Process? _process;
    private HttpClient? _client;

    private AppHost(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>The app's assembly next to the test assembly.</summary>
    public static string AppDll => Path.Combine(AppContext.BaseDirectory, "Cobranza.Functions.dll");

    /// <summary>Where the running process listens (a new port on every start).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// A client of the running process, signed in as the tests' supervisor and signing webhooks (<see cref="CredentialsHandler"/>);
    /// every response is checked by <see cref="ContractCheckingHandler"/>.
    /// </summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The app is not running.");

    public CobranzaApi Api => new(Client);

    /// <summary>A client that adds no key and no signature (for the tests of what the app refuses); responses are still checked.</summary>
    public HttpClient CreateClientWithoutCredentials() =>
        new(new ContractCheckingHandler(new SocketsHttpHandler())) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Settings every end-to-end test uses: the storage, a hub of its own and short runtime timings (polling, effect
    /// recovery, message visibility) so that ladders of a few seconds and a restart run quickly.
    /// </summary>
    public static Dictionary<string, string?> Settings(string storageConnection, string hubName) => new(TestCredentials.Settings())
    {
        ["AzureWebJobsStorage"] = storageConnection,
        ["Cobranza:Durable:HubName"] = hubName,
        ["Cobranza:Durable:Partitions"] = "2",
        ["Cobranza:Durable:MaxPollingInterval"] = "00:00:00.200",
        ["Cobranza:Durable:EffectRecoveryDelay"] = "00:00:03",
        ["Cobranza:Durable:MessageVisibilityTimeout"] = "00:00:10",
        ["Cobranza:Durable:TimerHorizon"] = "00:01:00",
        ["Cobranza:Durable:TimerSweepInterval"] = "00:00:05",
    };

    public static string NewHubName() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<AppHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var host = new AppHost(settings);
        await host.StartAsync();
        return host;
    }

    /// <summary>Starts the process (again) on a free loopback port and waits until it is healthy.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The app is already running.");
        }

        if (!File.Exists(AppDll))
        {
            throw new FileNotFoundException("The app's assembly is not next to the tests; build the test project.", AppDll);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                await StartOnceAsync(port);
                return;
            }
            catch (AppStartException) when (attempt < StartAttempts && _process is { HasExited: true })
            {
                // The port may have been taken between picking it and binding it: try another one.
            }
        }
    }

    /// <summary>Kills the process and everything it started, as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _client?.Dispose();
        _client = null;
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task StartOnceAsync(int port)
    {
        await KillAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));

        // Nothing inherited may redirect the app: it listens where --urls says and uses the storage given here.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "FUNCTIONS_CUSTOMHANDLER_PORT", "AzureWebJobsStorage" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        if (!process.Start())
        {
            throw new AppStartException("dotnet did not start.");
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _client = new HttpClient(new ContractCheckingHandler(new CredentialsHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await WaitUntilHealthyAsync(process);
    }

    private async Task WaitUntilHealthyAsync(Process process)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var giveUpAt = DateTimeOffset.UtcNow + _startTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new AppStartException($"The app exited with code {process.ExitCode} before it was healthy. Output:\n{RecentOutput}");
            }

            try
            {
                using var response = await probe.GetAsync("api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                throw new AppStartException($"The app was not healthy within {_startTimeout}. Output:\n{RecentOutput}");
            }

            await Task.Delay(100);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private sealed class AppStartException(string message) : Exception(message);
}

/// <summary>
/// Checks every response of the app against the API's error convention: no 5xx, and every 4xx is
/// <c>application/problem+json</c>. A violation fails the test at the request that caused it.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    /// <summary>For a handler chain built by someone else (WebApplicationFactory.CreateDefaultClient).</summary>
    public ContractCheckingHandler()
    {
    }

    public ContractCheckingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ApiContractViolation(
                $"{request.Method} {request.RequestUri?.PathAndQuery} answered {status} with content type " +
                $"'{response.Content.Headers.ContentType}' (errors must be application/problem+json, never 5xx): {Shorten(body)}");
        }

        return response;
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}

public sealed class ApiContractViolation(string message) : Exception(message);
