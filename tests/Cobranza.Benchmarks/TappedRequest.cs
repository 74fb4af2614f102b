using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Azure.Core;

namespace Cobranza.Benchmarks;

/// <summary>One sub-request of a table batch: its method and its JSON body (empty for a delete).</summary>
public sealed record BatchPart(string Method, string Body)
{
    public int BodyBytes => Encoding.UTF8.GetByteCount(Body);
}

/// <summary>
/// One storage request as a raw replay needs to know it: the operation (named as <see cref="StorageTransactionCounter"/>
/// names it), the table, queue or container, the request body's size (and, for a table write, the body itself, so that
/// a replay writes entities of the same properties and types), and what was asked for: the key of a point read, the
/// query string of a table query or a receive, the path of a blob, the parts of a batch.
/// </summary>
public sealed partial record TappedRequest(
    string Operation,
    string Resource,
    long BodyBytes,
    string? Target,
    IReadOnlyList<BatchPart>? Parts,
    string? Body = null)
{
    public const string Receive = "queue receive";
    public const string EmptyReceive = "queue receive (empty)";

    /// <summary>Reads a request of <paramref name="service"/> (blob, queue or table) that has its response.</summary>
    public static TappedRequest Read(string service, HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var method = request.Method.Method;
        var path = uri.AbsolutePath.Trim('/').Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray(); // Azurite puts the account first
        var first = path.Length > 0 ? path[0] : string.Empty;
        var bodyBytes = request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
        return service switch
        {
            "table" when method == "POST" && first == "$batch" => ReadBatch(request),
            "table" => new TappedRequest("table " + TableOperation(method, first), TableName(first), bodyBytes, TableTarget(method, first, uri), null,
                method is "POST" or "PUT" or "MERGE" or "PATCH" ? ContentText(request) : null),
            "queue" when path.Length >= 2 && path[1] == "messages" => ReadQueueMessages(message, method, path, uri, bodyBytes),
            "queue" => new TappedRequest("queue " + method.ToLowerInvariant(), first, bodyBytes, null, null),
            "blob" when uri.Query.Contains("restype=container", StringComparison.Ordinal) =>
                new TappedRequest("blob container " + method.ToLowerInvariant(), first, bodyBytes, uri.Query, null),
            _ => new TappedRequest($"{service} {method.ToLowerInvariant()}", first, bodyBytes, string.Join('/', path.Skip(1)), null),
        };
    }

    private static string TableOperation(string method, string first) => (method, first) switch
    {
        ("POST", "Tables") or (_, "Tables") => "create table",
        ("GET", var p) when p.Contains("(PartitionKey=", StringComparison.Ordinal) => "point read", // a query is "Table()?$filter=…"
        ("GET", _) => "query",
        ("POST", _) => "insert",
        ("PUT", _) => "upsert/replace",
        ("MERGE", _) or ("PATCH", _) => "merge",
        ("DELETE", _) => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static string TableName(string segment)
    {
        var key = segment.IndexOf('(', StringComparison.Ordinal);
        return key >= 0 ? segment[..key] : segment;
    }

    /// <summary>The entity key "(PartitionKey='…',RowKey='…')" of a point read, or the query string of a query.</summary>
    private static string? TableTarget(string method, string segment, Uri uri)
    {
        if (method != "GET")
        {
            return null;
        }

        var key = segment.IndexOf("(PartitionKey=", StringComparison.Ordinal);
        return key >= 0 ? segment[key..] : uri.Query;
    }

    private static TappedRequest ReadQueueMessages(HttpMessage message, string method, string[] path, Uri uri, long bodyBytes)
    {
        var queue = path[0];
        switch (method, path.Length)
        {
            case ("GET", 2):
                // Empty or not is only known once the body is read (see StorageRequestTap).
                return new TappedRequest(Receive, queue, 0, uri.Query, null);
            case ("POST", 2):
                return new TappedRequest("queue put", queue, bodyBytes, uri.Query, null);
            case ("DELETE", 3):
                return new TappedRequest("queue delete", queue, 0, null, null);
            case ("PUT", 3):
                return new TappedRequest("queue update", queue, bodyBytes, uri.Query, null);
            default:
                return new TappedRequest($"queue {method.ToLowerInvariant()} messages", queue, bodyBytes, null, null);
        }
    }

    /// <summary>
    /// A batch names its table only in its sub-requests (multipart/mixed, one "METHOD url HTTP/1.1" request per part):
    /// the content is written out again to read them.
    /// </summary>
    private static TappedRequest ReadBatch(Request request)
    {
        var text = ContentText(request);
        var parts = new List<BatchPart>();
        var table = string.Empty;
        foreach (var part in text.Split("--changeset", StringSplitOptions.RemoveEmptyEntries))
        {
            var line = SubRequestLine().Match(part);
            if (!line.Success)
            {
                continue;
            }

            if (table.Length == 0)
            {
                var segments = new Uri(line.Groups["url"].Value).AbsolutePath.Trim('/').Split('/');
                table = TableName(Uri.UnescapeDataString(segments.Length > 1 ? segments[1] : segments[0]));
            }

            var bodyStart = part.IndexOf("\r\n\r\n", line.Index, StringComparison.Ordinal);
            var body = bodyStart < 0 ? string.Empty : part[(bodyStart + 4)..].Trim();
            parts.Add(new BatchPart(line.Groups["method"].Value, body));
        }

        return new TappedRequest("table batch", table, Encoding.UTF8.GetByteCount(text), null, parts);
    }

    /// <summary>The request's body as text, written out again (the SDK's contents can be written more than once).</summary>
    private static string ContentText(Request request)
    {
        using var buffer = new MemoryStream();
        request.Content?.WriteTo(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses the "(PartitionKey='…',RowKey='…')" of a point read.</summary>
    public static (string PartitionKey, string RowKey) ParseKey(string target)
    {
        var match = EntityKey().Match(target);
        return (match.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal), match.Groups["rk"].Value.Replace("''", "'", StringComparison.Ordinal));
    }

    /// <summary>A parameter of a recorded query string, e.g. "$filter" or "visibilitytimeout".</summary>
    public static string? QueryParameter(string? query, string name) => query is null ? null : HttpUtility.ParseQueryString(query)[name];

    public static int IntParameter(string? query, string name, int fallback) =>
        int.TryParse(QueryParameter(query, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex(@"^(?<method>PUT|POST|DELETE|MERGE|PATCH|GET) (?<url>\S+) HTTP/1\.1", RegexOptions.Multiline)]
    private static partial Regex SubRequestLine();

    [GeneratedRegex(@"^\(PartitionKey='(?<pk>(?:[^']|'')*)',RowKey='(?<rk>(?:[^']|'')*)'\)$")]
    private static partial Regex EntityKey();
}
