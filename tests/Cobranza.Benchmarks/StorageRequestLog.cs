using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks;

/// <summary>
/// One storage request as sent: which service, operation and table/queue/container, its status and sizes, and what a
/// replay needs to issue the same request again: the query (with a queue message's visibility delay), the keys in the
/// path, the body (entities, a batch's sub-requests, a queue message), a batch's verbs.
/// </summary>
public sealed record StorageRequest(
    string Service,
    string Operation,
    string Resource,
    int Status,
    byte[] Body,
    long ResponseBytes,
    string? Query,
    string? PartitionKey,
    string? RowKey,
    IReadOnlyList<string> BatchOperations,
    long Sequence)
{
    public long RequestBytes => Body.Length;

    /// <summary>From handing the request to the transport to its response (retries are separate requests).</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Records every storage request a pipeline sends while started (a per-retry policy, like
/// <see cref="StorageTransactionCounter"/>), in more detail than the counter: by table or queue, with sizes. The intake
/// benchmark derives the per-case storage mix from it and checks its raw replay against it.
/// </summary>
public sealed class StorageRequestLog(int blobPort, int queuePort, int tablePort) : HttpPipelinePolicy
{
    private readonly Dictionary<int, string> _services = new() { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
    private readonly ConcurrentQueue<StorageRequest> _requests = new();
    private long _sequence;
    private volatile bool _recording;

    /// <summary>A log for clients of the Azurite a connection string names (each service on its own port).</summary>
    public static StorageRequestLog For(string connectionString)
    {
        int Port(string endpoint) => new Uri(connectionString.Split(';').Single(p => p.StartsWith(endpoint + "=", StringComparison.Ordinal))[(endpoint.Length + 1)..]).Port;
        return new StorageRequestLog(Port("BlobEndpoint"), Port("QueueEndpoint"), Port("TableEndpoint"));
    }

    public void Start()
    {
        _requests.Clear();
        _recording = true;
    }

    public IReadOnlyList<StorageRequest> Stop()
    {
        _recording = false;
        return [.. _requests.OrderBy(r => r.Sequence)];
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var body = _recording ? ReadBody(message) : null;
        var sequence = Interlocked.Increment(ref _sequence);
        var started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        if (_recording && body is not null)
        {
            _requests.Enqueue(Describe(message, body, sequence) with { Elapsed = Stopwatch.GetElapsedTime(started) });
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!_recording)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }

        // The body is copied before sending (a batch's sub-requests are counted from it); the content is replayable, since retries send it again.
        var body = ReadBody(message);
        var sequence = Interlocked.Increment(ref _sequence);
        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (_recording)
        {
            _requests.Enqueue(Describe(message, body, sequence) with { Elapsed = Stopwatch.GetElapsedTime(started) });
        }
    }

    private static byte[] ReadBody(HttpMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return [];
        }

        // Storage request bodies are in memory already (entities, batches, queue messages): copying them does no I/O.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, message.CancellationToken);
        return buffer.ToArray();
    }

    private StorageRequest Describe(HttpMessage message, byte[] body, long sequence)
    {
        var uri = message.Request.Uri.ToUri();
        var method = message.Request.Method.Method;
        var segments = uri.AbsolutePath.Trim('/').Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray(); // Azurite puts the account first
        var service = _services.TryGetValue(uri.Port, out var name) ? name : "other";
        var status = message.Response.Status;
        var responseBytes = ResponseLength(message.Response);
        var query = uri.Query.TrimStart('?');
        return service switch
        {
            "table" => DescribeTable(method, segments, body, status, responseBytes, query, sequence),
            "queue" => new StorageRequest("queue", QueueOperation(method, segments, message.Response), segments.FirstOrDefault() ?? "", status,
                body, responseBytes, query, null, null, [], sequence),
            "blob" => new StorageRequest("blob", "blob " + method.ToLowerInvariant(), segments.FirstOrDefault() ?? "", status,
                body, responseBytes, query, null, null, [], sequence),
            _ => new StorageRequest(service, method.ToLowerInvariant(), uri.AbsolutePath, status, body, responseBytes, query, null, null, [], sequence),
        };
    }

    private static StorageRequest DescribeTable(string method, string[] segments, byte[] body, int status, long responseBytes, string query, long sequence)
    {
        var first = segments.FirstOrDefault() ?? "";
        if (first == "$batch")
        {
            var (batchTable, requests) = TableRequestParts.ParseBatch(body);
            return new StorageRequest("table", "batch", batchTable, status, body, responseBytes, null, null, null, [.. requests.Select(r => r.Verb)], sequence);
        }

        if (first == "Tables" || first.StartsWith("Tables(", StringComparison.Ordinal))
        {
            return new StorageRequest("table", "table " + method.ToLowerInvariant(), first, status, body, responseBytes, query, null, null, [], sequence);
        }

        // "name(PartitionKey='a',RowKey='b')" addresses one entity, "name()" or "name" the table (a query or an insert).
        var (table, partitionKey, rowKey) = TableRequestParts.ParsePath(first);
        var operation = (method, partitionKey is not null) switch
        {
            ("GET", true) => "point read",
            ("GET", false) => "query",
            ("POST", _) => "insert",
            ("PUT", _) => "upsert/replace",
            ("MERGE", _) or ("PATCH", _) => "merge",
            ("DELETE", _) => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new StorageRequest("table", operation, table, status, body, responseBytes, query, partitionKey, rowKey, [], sequence);
    }

    private static string QueueOperation(string method, string[] segments, Response response) => (method, segments.Length) switch
    {
        ("GET", 2) => ResponseText(response).Contains("<QueueMessage>", StringComparison.Ordinal) ? "receive" : "receive (empty)",
        ("POST", 2) => "put",
        ("DELETE", 3) => "delete",
        ("PUT", 3) => "update",
        _ => method.ToLowerInvariant() + (segments.Length > 1 ? " " + segments[1] : ""),
    };

    private static string ResponseText(Response response)
    {
        try
        {
            return response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return ""; // A streamed response (a blob download): not buffered, and not needed here.
        }
    }

    private static long ResponseLength(Response response)
    {
        try
        {
            return response.Content.ToMemory().Length;
        }
        catch (InvalidOperationException)
        {
            return response.Headers.ContentLength ?? 0;
        }
    }
}
