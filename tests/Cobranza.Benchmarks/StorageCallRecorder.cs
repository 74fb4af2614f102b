using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks;

/// <summary>
/// Like <see cref="StorageTransactionCounter"/>, but keeps every storage request of a recording in order with what it
/// touched (table and keys, queue, container, size, the operations of a batch), so that the sequence one request of
/// the app makes can be issued again with the SDK. Added to the app's storage clients as a per-retry policy, so a
/// retry is recorded as a call of its own, as it is billed.
/// </summary>
public sealed partial class StorageCallRecorder(int blobPort, int queuePort, int tablePort) : HttpPipelinePolicy
{
    private readonly Dictionary<int, string> _services = new() { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
    private readonly List<RecordedStorageCall> _calls = [];
    private volatile bool _recording;

    public void Start()
    {
        lock (_calls)
        {
            _calls.Clear();
        }

        _recording = true;
    }

    public IReadOnlyList<RecordedStorageCall> Stop()
    {
        _recording = false;
        lock (_calls)
        {
            return [.. _calls];
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Record(message);
    }

    private void Record(HttpMessage message)
    {
        if (!_recording)
        {
            return;
        }

        var call = Describe(message);
        lock (_calls)
        {
            _calls.Add(call);
        }
    }

    private RecordedStorageCall Describe(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var method = request.Method.Method;
        var path = uri.AbsolutePath.Trim('/').Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray(); // Azurite puts the account first
        var service = _services.TryGetValue(uri.Port, out var name) ? name : "other";
        var bytes = request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
        var status = message.HasResponse ? message.Response.Status : 0;
        var first = path.Length > 0 ? path[0] : string.Empty;

        if (service == "table" && method == "POST" && first == "$batch")
        {
            var operations = BatchOperations(request);
            return new RecordedStorageCall("table batch", operations.Table, null, null, status, bytes, operations.Methods, uri.Query);
        }

        if (service == "table")
        {
            var (table, keys) = SplitKeys(first);
            var operation = (method, keys is null) switch
            {
                ("GET", false) => "point read",
                ("GET", true) => "query",
                ("POST", true) => table == "Tables" ? "create table" : "insert",
                ("PUT", false) => "upsert/replace",
                ("MERGE" or "PATCH", false) => "merge",
                ("DELETE", false) => "delete",
                _ => method.ToLowerInvariant(),
            };
            return new RecordedStorageCall("table " + operation, table, keys?.PartitionKey, keys?.RowKey, status, bytes, [], uri.Query);
        }

        if (service == "queue" && path.Length >= 2 && path[1] == "messages")
        {
            var operation = (method, path.Length) switch
            {
                ("GET", 2) => message.HasResponse && message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal) ? "receive" : "receive (empty)",
                ("POST", 2) => "put",
                ("DELETE", 3) => "delete",
                ("PUT", 3) => "update",
                _ => method.ToLowerInvariant() + " messages",
            };
            return new RecordedStorageCall("queue " + operation, first, null, null, status, bytes, [], uri.Query);
        }

        if (service == "blob")
        {
            var blobName = string.Join('/', path.Skip(1));
            return new RecordedStorageCall("blob " + method.ToLowerInvariant(), first, null, blobName, status, bytes, [], uri.Query);
        }

        return new RecordedStorageCall($"{service} {method.ToLowerInvariant()}", first, null, null, status, bytes, [], uri.Query);
    }

    /// <summary>The table and the operations of an entity-group transaction, read from its multipart body.</summary>
    private static (string Table, IReadOnlyList<string> Methods) BatchOperations(Request request)
    {
        using var body = new MemoryStream();
        request.Content!.WriteTo(body, CancellationToken.None);
        var methods = new List<string>();
        var table = string.Empty;
        foreach (Match line in SubRequestLine().Matches(Encoding.UTF8.GetString(body.ToArray())))
        {
            methods.Add(line.Groups["method"].Value);
            var segments = new Uri(line.Groups["url"].Value).AbsolutePath.Trim('/').Split('/');
            table = SplitKeys(Uri.UnescapeDataString(segments[^1])).Table;
        }

        return (table, methods);
    }

    /// <summary>"benchInstances(PartitionKey='X',RowKey='!state')" into the table and the keys ('' is a quote).</summary>
    private static (string Table, (string PartitionKey, string RowKey)? Keys) SplitKeys(string segment)
    {
        var open = segment.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (segment, null);
        }

        var keys = EntityKeys().Match(segment);
        return keys.Success
            ? (segment[..open], (keys.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal), keys.Groups["rk"].Value.Replace("''", "'", StringComparison.Ordinal)))
            : (segment[..open], null);
    }

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|MERGE|PATCH|DELETE) (?<url>\S+) HTTP/1\.1", RegexOptions.Multiline)]
    private static partial Regex SubRequestLine();

    [GeneratedRegex(@"PartitionKey='(?<pk>(?:[^']|'')*)',RowKey='(?<rk>(?:[^']|'')*)'")]
    private static partial Regex EntityKeys();
}
