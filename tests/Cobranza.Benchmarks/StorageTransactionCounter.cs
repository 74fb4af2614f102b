using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks;

/// <summary>
/// Counts every storage request the app makes (each is a billed transaction on Azure, retries included), by service
/// and operation, e.g. "table batch", "queue receive (empty)". Added to the app's storage clients as a per-retry policy.
/// </summary>
public sealed class StorageTransactionCounter(int blobPort, int queuePort, int tablePort) : HttpPipelinePolicy
{
    private readonly Dictionary<int, string> _services = new() { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private volatile bool _counting;

    /// <summary>When set, each operation is also counted per table, queue or container ("table point read [Instances]").</summary>
    public bool ByResource { get; set; }

    public void Start()
    {
        _counts.Clear();
        _counting = true;
    }

    public IReadOnlyDictionary<string, long> Stop()
    {
        _counting = false;
        return new Dictionary<string, long>(_counts);
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        if (_counting)
        {
            var operation = Classify(message);
            if (ByResource)
            {
                operation += " [" + Resource(message) + "]";
            }

            _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        }
    }

    /// <summary>"{service} {operation}" from the request's port (each Azurite service has its own), path and method.</summary>
    private string Classify(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var method = request.Method.Method;
        var path = uri.AbsolutePath.Trim('/').Split('/').Skip(1).ToArray(); // Azurite puts the account first in the path
        var service = _services.TryGetValue(uri.Port, out var name) ? name : "other";
        return service switch
        {
            "table" => "table " + TableOperation(method, path),
            "queue" when path.Length >= 2 && path[1] == "messages" => "queue " + (method, path.Length) switch
            {
                ("GET", 2) => message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal) ? "receive" : "receive (empty)",
                ("POST", 2) => "put",
                ("DELETE", 3) => "delete",
                ("PUT", 3) => "update",
                _ => method.ToLowerInvariant() + " messages",
            },
            "blob" when uri.Query.Contains("restype=container", StringComparison.Ordinal) => "blob container " + method.ToLowerInvariant(),
            "blob" => "blob " + method.ToLowerInvariant(),
            _ => $"{service} {method.ToLowerInvariant()}",
        };
    }

    /// <summary>The table, queue or container a request is for, with the account and the "(…)" key part left out.</summary>
    private static string Resource(HttpMessage message)
    {
        var path = message.Request.Uri.ToUri().AbsolutePath.Trim('/').Split('/');
        var name = path.Length > 1 ? path[1] : string.Empty;
        var key = name.IndexOf('(', StringComparison.Ordinal);
        return key >= 0 ? name[..key] : name;
    }

    private static string TableOperation(string method, string[] path) => (method, path.Length > 0 ? path[0] : "") switch
    {
        ("POST", "$batch") => "batch",
        ("POST", "Tables") or (_, "Tables") => "create table",
        ("GET", var p) when p.Contains("PartitionKey=", StringComparison.Ordinal) => "point read",
        ("GET", _) => "query",
        ("POST", _) => "insert",
        ("PUT", _) => "upsert/replace",
        ("MERGE", _) or ("PATCH", _) => "merge",
        ("DELETE", _) => "delete",
        _ => method.ToLowerInvariant(),
    };
}
