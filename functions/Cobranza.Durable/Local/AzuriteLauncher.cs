using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cobranza.Durable.Local;

/// <summary>
/// Starts Azurite from the repository's <c>node_modules</c> (running <c>npm ci</c> first if needed, under a cross-process
/// lock) on the given or free ports, waits until it accepts connections, and stops it (whole process tree) on dispose.
/// Used by the app for local runs and by the tests.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    private const int MaxOutputChars = 16_000;
    private const int AutoPortAttempts = 3;
    private static readonly TimeSpan _gracefulStopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputBuffer _output;
    private readonly ILogger _logger;
    private int _stopped;

    private AzuriteLauncher(Process process, OutputBuffer output, int blobPort, int queuePort, int tablePort, string? location, ILogger logger)
    {
        _process = process;
        _output = output;
        _logger = logger;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
        ConnectionString = AzuriteEndpoints.ConnectionString(blobPort, queuePort, tablePort);
    }

    /// <summary>The blob port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue port.</summary>
    public int QueuePort { get; }

    /// <summary>The table port.</summary>
    public int TablePort { get; }

    /// <summary>The data folder, or null when in memory.</summary>
    public string? Location { get; }

    /// <summary>Connection string for this Azurite.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts Azurite and returns once its three ports accept connections.</summary>
    public static async Task<AzuriteLauncher> StartAsync(
        AzuriteStartOptions? options = null, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteStartOptions();
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;
        var root = options.RepositoryRoot ?? RepositoryRoot.Find();
        await EnsureInstalledAsync(root, options.InstallTimeout, logger, time, cancellationToken).ConfigureAwait(false);

        var fixedPorts = options.BlobPort != 0 && options.QueuePort != 0 && options.TablePort != 0;
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = fixedPorts ? (options.BlobPort, options.QueuePort, options.TablePort) : AzuriteEndpoints.PickFreePorts();
            try
            {
                return await StartOnceAsync(root, options, blob, queue, table, logger, time, cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteStartException ex) when (!fixedPorts && attempt < AutoPortAttempts)
            {
                // Another process may have taken a port between picking and binding it: pick again.
                logger.LogWarning(ex, "Azurite did not start on ports {BlobPort}/{QueuePort}/{TablePort}; trying other ports", blob, queue, table);
            }
        }
    }

    /// <summary>
    /// For local runs of the app: returns null when something already listens on Azurite's default ports (an Azurite
    /// started by hand: use <c>UseDevelopmentStorage=true</c>), otherwise starts one there with its data in
    /// <c>.local/azurite</c> under <paramref name="repositoryRoot"/> (git-ignored). Dispose the result when the app stops.
    /// </summary>
    public static async Task<AzuriteLauncher?> StartOnDefaultPortsUnlessRunningAsync(
        string repositoryRoot, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        if (await AzuriteEndpoints.IsAnythingListeningOnDefaultPortsAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Using the Azurite already listening on 127.0.0.1:10000-10002");
            return null;
        }

        var location = Path.Combine(repositoryRoot, ".local", "azurite");
        Directory.CreateDirectory(location);
        logger.LogInformation("Starting Azurite with its data in {Location}", location);
        var options = AzuriteStartOptions.DefaultPorts(location) with { RepositoryRoot = repositoryRoot };
        return await StartAsync(options, logger, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <c>npm ci</c> in <paramref name="repositoryRoot"/> unless this package-lock.json was installed completely
    /// already, one process at a time. "Installed" is a marker written after npm ci succeeds (holding the lock file's
    /// hash), never the presence of a package folder: npm ci empties and refills node_modules, and another test assembly
    /// looking at a half-filled folder would start Azurite or smtp-server from it and fail.
    /// </summary>
    public static async Task EnsureInstalledAsync(
        string repositoryRoot, TimeSpan timeout, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var marker = Path.Combine(repositoryRoot, "node_modules", ".cobranza-npm-ci");
        var expected = LockFileHash(repositoryRoot);
        if (IsInstalled(marker, expected))
        {
            return;
        }

        using var fileLock = await CrossProcessFileLock.AcquireAsync(Path.Combine(repositoryRoot, ".local", "npm-ci.lock"), timeout, time, cancellationToken)
            .ConfigureAwait(false);
        if (IsInstalled(marker, expected))
        {
            return; // Another process installed it while we waited.
        }

        logger.LogInformation("Installing the npm packages (Azurite) with npm ci in {Root}", repositoryRoot);
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = repositoryRoot, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(psi) ?? throw new InvalidOperationException("Could not start npm; is Node.js installed?");
        var output = new OutputBuffer();
        npm.OutputDataReceived += (_, e) => output.Append(e.Data);
        npm.ErrorDataReceived += (_, e) => output.Append(e.Data);
        npm.BeginOutputReadLine();
        npm.BeginErrorReadLine();
        using var timeoutCts = new CancellationTokenSource(timeout, time ?? TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            await npm.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci did not finish within {timeout}. Output:\n{output}");
        }

        if (npm.ExitCode != 0 || !File.Exists(AzuriteScript(repositoryRoot)))
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode} in {repositoryRoot}. Output:\n{output}");
        }

        await File.WriteAllTextAsync(marker, expected, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsInstalled(string marker, string expectedHash) =>
        File.Exists(marker) && File.ReadAllText(marker) == expectedHash;

    private static string LockFileHash(string repositoryRoot) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(repositoryRoot, "package-lock.json"))));

    /// <summary>Stops Azurite: first asks it to shut down (it then saves a persisted location), then kills the process tree.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited && !OperatingSystem.IsWindows() && SendSignal(_process.Id, SigTerm) == 0)
            {
                using var graceful = new CancellationTokenSource(_gracefulStopTimeout);
                try
                {
                    await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _logger.LogWarning("Azurite (pid {ProcessId}) did not stop within {Timeout}; killing it", _process.Id, _gracefulStopTimeout);
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException ex)
        {
            // The process was already gone.
            _logger.LogDebug(ex, "Azurite had already exited");
        }
    }

    /// <summary>
    /// Stops Azurite as Ctrl+C would (SIGINT): it closes its servers and saves a <c>--location</c> folder, and this
    /// returns once it has exited. Unlike <see cref="StopAsync"/> it never falls back to SIGKILL, which would lose
    /// writes Azurite had acknowledged but not yet saved: if it does not exit in time, this throws.
    /// </summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Interrupting Azurite with SIGINT needs a Unix signal.");
        }

        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _process.HasExited)
        {
            return;
        }

        if (SendSignal(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"Could not send SIGINT to Azurite (pid {_process.Id}, errno {Marshal.GetLastPInvokeError()}).");
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            // Not left running behind the caller's back: the caller learns of the failure from the exception.
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Azurite (pid {_process.Id}) did not exit within {timeout} of SIGINT; killed it. Output:\n{_output}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static async Task<AzuriteLauncher> StartOnceAsync(
        string root, AzuriteStartOptions options, int blob, int queue, int table, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardError = true, RedirectStandardOutput = true };
        var args = new List<string>
        {
            AzuriteScript(root), "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (options.Location is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(options.Location);
            args.AddRange(["--location", options.Location]);
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new OutputBuffer();
        var process = Process.Start(psi) ?? throw new AzuriteStartException("Could not start node; is Node.js installed?");
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(process, output, blob, queue, table, options.Location, logger);

        try
        {
            var giveUpAt = time.GetUtcNow() + options.StartTimeout;
            while (true)
            {
                if (process.HasExited)
                {
                    throw new AzuriteStartException($"Azurite exited with code {process.ExitCode} before listening on {blob}/{queue}/{table}. Output:\n{output}");
                }

                if (await AzuriteEndpoints.IsListeningAsync(blob, cancellationToken).ConfigureAwait(false)
                    && await AzuriteEndpoints.IsListeningAsync(queue, cancellationToken).ConfigureAwait(false)
                    && await AzuriteEndpoints.IsListeningAsync(table, cancellationToken).ConfigureAwait(false))
                {
                    logger.LogInformation("Azurite (pid {ProcessId}) listening on {BlobPort}/{QueuePort}/{TablePort}", process.Id, blob, queue, table);
                    return launcher;
                }

                if (time.GetUtcNow() > giveUpAt)
                {
                    throw new AzuriteStartException($"Azurite did not listen on {blob}/{queue}/{table} within {options.StartTimeout}. Output:\n{output}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string AzuriteScript(string root) => Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");

    private const int SigInt = 2;
    private const int SigTerm = 15;

    // SIGTERM lets Azurite close its database (saving a --location folder); .NET's Process.Kill sends SIGKILL.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>The last lines Azurite or npm printed, for error messages.</summary>
    private sealed class OutputBuffer
    {
        private readonly StringBuilder _text = new();

        public void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
                if (_text.Length > MaxOutputChars)
                {
                    _text.Remove(0, _text.Length - MaxOutputChars);
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.Length == 0 ? "(nothing)" : _text.ToString();
            }
        }
    }
}

/// <summary>Azurite did not start; the message includes what it printed.</summary>
public sealed class AzuriteStartException(string message) : Exception(message);
