using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Cobranza.Durable.Local;
using MimeKit;
using Xunit;

namespace Cobranza.Testing.Smtp;

/// <summary>
/// A real SMTP server (<c>tests/smtp/server.js</c> on the npm package smtp-server) on a free loopback port, shared by a
/// test class. It requires <see cref="User"/>/<see cref="Password"/>, refuses recipients starting with "rejected" (550)
/// and defers those starting with "deferred" (451). Installs the npm packages first when smtp-server is missing.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    public const string User = "cobranza";
    public const string Password = "clave-de-prueba";

    private SmtpTestServer? _server;

    public SmtpTestServer Server => _server ?? throw new InvalidOperationException("The SMTP server is not started.");

    public async Task InitializeAsync() =>
        _server = await SmtpTestServer.StartAsync(User, Password, rejectPattern: "^rejected", deferPattern: "^deferred");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>One message the server accepted: the SMTP envelope, who authenticated, and the parsed RFC 5322 message.</summary>
public sealed record ReceivedMail(string? MailFrom, IReadOnlyList<string> RcptTo, string? User, MimeMessage Message, byte[] Raw);

/// <summary>A running <c>tests/smtp/server.js</c>; disposing stops it (closing its stdin, then killing it if needed).</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private static readonly TimeSpan _installTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();

    private SmtpTestServer(Process process) => _process = process;

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyCollection<ReceivedMail> Received => _received;

    /// <summary>Starts the server, installing the npm packages first if smtp-server is missing.</summary>
    public static async Task<SmtpTestServer> StartAsync(string? user = null, string? password = null, string? rejectPattern = null, string? deferPattern = null)
    {
        var root = RepositoryRoot.Find();
        await EnsureInstalledAsync(root);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "smtp", "server.js"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        AddOption(start, "--user", user);
        AddOption(start, "--password", password);
        AddOption(start, "--reject", rejectPattern);
        AddOption(start, "--defer", deferPattern);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node; is Node.js installed?");
        var server = new SmtpTestServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                server._errors.Enqueue(e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._listening.TrySetException(
            new InvalidOperationException($"The SMTP test server exited with {process.ExitCode}: {string.Join('\n', server._errors)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            server.Port = await server._listening.Task.WaitAsync(_startTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits for a message matching <paramref name="match"/>, already received or arriving within <paramref name="timeout"/>.</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, TimeSpan timeout) =>
        (await WaitForAsync(match, 1, timeout))[0];

    /// <summary>Waits until at least <paramref name="count"/> received messages match; returns them in arrival order.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<ReceivedMail, bool> match, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = _received.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{found.Count} of {count} matching messages within {timeout}; {_received.Count} received in all.");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The script stops when its stdin closes; kill it if it does not.
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            _arrived.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        switch (root.GetProperty("event").GetString())
        {
            case "listening":
                _listening.TrySetResult(root.GetProperty("port").GetInt32());
                break;
            case "message":
                var raw = Convert.FromBase64String(root.GetProperty("data").GetString()!);
                using (var stream = new MemoryStream(raw))
                {
                    _received.Enqueue(new ReceivedMail(
                        root.GetProperty("mailFrom").GetString(),
                        [.. root.GetProperty("rcptTo").EnumerateArray().Select(r => r.GetString()!)],
                        root.GetProperty("user").GetString(),
                        MimeMessage.Load(stream),
                        raw));
                }

                _arrived.Release();
                break;
        }
    }

    private static void AddOption(ProcessStartInfo start, string name, string? value)
    {
        if (value is not null)
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value);
        }
    }

    /// <summary>The npm packages (smtp-server among them), installed by the same one-at-a-time npm ci as Azurite's.</summary>
    private static Task EnsureInstalledAsync(string root) =>
        Cobranza.Durable.Local.AzuriteLauncher.EnsureInstalledAsync(root, _installTimeout);
}
