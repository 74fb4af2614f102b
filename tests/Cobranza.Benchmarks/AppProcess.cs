using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cobranza.Benchmarks;

/// <summary>
/// The real app as a separate OS process with Kestrel (<c>dotnet Cobranza.Functions.dll --urls http://127.0.0.1:{port}</c>),
/// run from this project's bin folder, where the project reference copies it with its runtimeconfig and deps files.
/// Ready once <c>GET /api/health</c> answers 200. Its output is watched line by line (<see cref="CountLines"/>), so that
/// what a process logs can attribute work to it. Disposing kills the process tree and waits for it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const int RecentLines = 200;
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly List<string> _kept = [];
    private readonly Func<string, bool> _counted;
    private readonly Func<string, bool> _keep;
    private long _countedLines;

    private AppProcess(string name, Process process, Uri baseAddress, Func<string, bool> counted, Func<string, bool> keep)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _counted = counted;
        _keep = keep;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>How many output lines matched the predicate given at start.</summary>
    public long CountLines => Interlocked.Read(ref _countedLines);

    /// <summary>Every output line that matched the keep predicate given at start.</summary>
    public IReadOnlyList<string> KeptLines
    {
        get
        {
            lock (_kept)
            {
                return [.. _kept];
            }
        }
    }

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_recent)
            {
                return string.Join('\n', _recent);
            }
        }
    }

    /// <summary>
    /// Starts the app with <paramref name="settings"/> (configuration keys, passed as environment variables) and waits
    /// until it is healthy. <paramref name="countLine"/> picks the output lines <see cref="CountLines"/> counts,
    /// <paramref name="keepLine"/> those <see cref="KeptLines"/> keeps.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, Func<string, bool>? countLine = null, Func<string, bool>? keepLine = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Cobranza.Functions.dll");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));

        // Nothing inherited may redirect the app: it listens where --urls says and uses the storage given here.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "FUNCTIONS_CUSTOMHANDLER_PORT", "AzureWebJobsStorage" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(name, process, baseAddress, countLine ?? (_ => false), keepLine ?? (_ => false));
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilHealthyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts several processes at once (a start takes seconds, mostly JIT), leaving none behind if one fails.</summary>
    public static async Task<AppProcess[]> StartAllAsync(
        IEnumerable<(string Name, IReadOnlyDictionary<string, string?> Settings)> processes, Func<string, bool>? countLine = null, Func<string, bool>? keepLine = null)
    {
        var starting = processes.Select(p => StartAsync(p.Name, p.Settings, countLine, keepLine)).ToArray();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to kill.
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"App process {Name} exited with code {_process.ExitCode} before it was healthy. Output:\n{RecentOutput}");
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

            if (clock.Elapsed > _startTimeout)
            {
                throw new TimeoutException($"App process {Name} was not healthy within {_startTimeout}. Output:\n{RecentOutput}");
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

        if (_counted(line))
        {
            Interlocked.Increment(ref _countedLines);
        }

        if (_keep(line))
        {
            lock (_kept)
            {
                _kept.Add(line);
            }
        }

        lock (_recent)
        {
            _recent.Enqueue(line);
            while (_recent.Count > RecentLines)
            {
                _recent.Dequeue();
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
}
