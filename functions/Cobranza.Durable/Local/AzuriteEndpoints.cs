using System.Net;
using System.Net.Sockets;

namespace Cobranza.Durable.Local;

/// <summary>Ports and connection strings for Azurite, the official Azure Storage emulator.</summary>
public static class AzuriteEndpoints
{
    /// <summary>Azurite's default ports.</summary>
    public const int DefaultBlobPort = 10000, DefaultQueuePort = 10001, DefaultTablePort = 10002;

    /// <summary>The emulator's well-known account key (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string of an Azurite listening on 127.0.0.1 at the given ports.</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Three distinct TCP ports that were free a moment ago (another process may still take them: callers retry).</summary>
    public static (int Blob, int Queue, int Table) PickFreePorts()
    {
        // Hold all three listeners open together so the OS cannot hand out the same port twice.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1 at <paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when anything listens on one of Azurite's default ports 10000–10002 (an Azurite started by hand, say).</summary>
    public static async Task<bool> IsAnythingListeningOnDefaultPortsAsync(CancellationToken cancellationToken = default)
    {
        var checks = await Task.WhenAll(
            IsListeningAsync(DefaultBlobPort, cancellationToken),
            IsListeningAsync(DefaultQueuePort, cancellationToken),
            IsListeningAsync(DefaultTablePort, cancellationToken)).ConfigureAwait(false);
        return checks.Any(listening => listening);
    }
}
