using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// A throw-away PostgreSQL 15 server for the Hangfire baseline: a fresh cluster in a temporary folder, trust
/// authentication, TCP on a free loopback port, its Unix socket in the same folder. initdb and postgres refuse to run as
/// root, so both run as <c>nobody</c> (through runuser), who owns the folder. Disposing stops it (fast mode) and
/// deletes the folder.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string User = "nobody";

    private readonly string _folder;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        ConnectionString = string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50");
    }

    public string ConnectionString { get; }

    private string Data => Path.Combine(_folder, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cobranza-pg-").FullName;
        var server = new PostgresServer(folder, FreePort());
        try
        {
            await RunAsync("chown", [User, folder], folder);
            await RunAsync("runuser", ["-u", User, "--", Path.Combine(Bin, "initdb"), "-D", server.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"], folder);
            var port = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString).Port;
            await RunAsync("runuser", ["-u", User, "--", Path.Combine(Bin, "pg_ctl"), "-D", server.Data, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "60",
                "-o", string.Create(CultureInfo.InvariantCulture, $"-k {folder} -p {port} -h 127.0.0.1"), "start"], folder);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                await RunAsync("runuser", ["-u", User, "--", Path.Combine(Bin, "pg_ctl"), "-D", Data, "-m", "fast", "-w", "stop"], _folder);
            }
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
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
