using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cobranza.Benchmarks;

/// <summary>
/// The real app as a worker process of its own (<c>dotnet Cobranza.Functions.dll --urls http://127.0.0.1:{port}</c>,
/// from this program's folder, where the project reference puts it), configured by environment variables as Azure
/// Functions configures it, with the benchmark's staff key and ERP secret (<see cref="BenchmarkApp"/>'s). Ready once
/// <c>GET /api/health</c> answers 200; disposing kills it.
/// </summary>
public sealed class MeasuredAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private MeasuredAppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
        Client.DefaultRequestHeaders.Add("x-functions-key", BenchmarkApp.StaffKey);
    }

    public int Id => _process.Id;

    /// <summary>A client of the worker that sends the supervisor's staff key (webhooks are signed per request).</summary>
    public HttpClient Client { get; }

    public static async Task<MeasuredAppProcess> StartAsync(string storageConnection, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cobranza.Functions.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));

        // Nothing inherited may redirect the app: it listens where --urls says and uses the storage given here.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "FUNCTIONS_CUSTOMHANDLER_PORT", "AzureWebJobsStorage" })
        {
            start.Environment.Remove(inherited);
        }

        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["AzureWebJobsStorage"] = storageConnection,
            ["Cobranza:Auth:Keys:bench:Key"] = BenchmarkApp.StaffKey,
            ["Cobranza:Auth:Keys:bench:Role"] = "supervisor",
            ["Cobranza:Webhooks:Erp:Secrets:0"] = BenchmarkApp.ErpSecret,
            ["Cobranza:Webhooks:Payments:Secrets:0"] = BenchmarkApp.PaymentsSecret,
            ["Cobranza:RateLimit:PerKeyPerMinute"] = "10000000",
            ["Cobranza:RateLimit:PerSourcePerMinute"] = "10000000",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new MeasuredAppProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
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

    /// <summary>The resident set size (VmRSS) of the worker, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }

    /// <summary>
    /// The resident part of the GC's address range: the managed heap as the OS sees it (an estimate from
    /// /proc/{pid}/smaps). The GC reserves one huge range up front (256 GiB here) and commits regions at its start;
    /// these are the anonymous mappings contiguous with, and ending at, the largest mapping of the process.
    /// </summary>
    public long ManagedHeapResidentBytes()
    {
        var mappings = new List<(ulong Start, ulong End, bool Anonymous, long Size, long Rss)>();
        foreach (var line in File.ReadLines($"/proc/{Id}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                var range = fields[0].Split('-');
                mappings.Add((ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields.Length == 5, 0, 0));
            }
            else if (mappings.Count > 0 && fields is ["Size:", var size, ..])
            {
                mappings[^1] = mappings[^1] with { Size = long.Parse(size, CultureInfo.InvariantCulture) };
            }
            else if (mappings.Count > 0 && fields is ["Rss:", var rss, ..])
            {
                mappings[^1] = mappings[^1] with { Rss = long.Parse(rss, CultureInfo.InvariantCulture) };
            }
        }

        mappings.Sort((a, b) => a.Start.CompareTo(b.Start));
        var i = mappings.IndexOf(mappings.MaxBy(m => m.Size));
        var kilobytes = mappings[i].Rss;
        while (i > 0 && mappings[i - 1].End == mappings[i].Start && mappings[i - 1].Anonymous)
        {
            kilobytes += mappings[--i].Rss;
        }

        return kilobytes * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy:\n{RecentOutput()}");
            }

            try
            {
                using var response = await Client.GetAsync("api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (giveUp.Elapsed > _startTimeout)
            {
                throw new TimeoutException($"The app was not healthy within {_startTimeout}:\n{RecentOutput()}");
            }

            await Task.Delay(200);
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
            while (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
