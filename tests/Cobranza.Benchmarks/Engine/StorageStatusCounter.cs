using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// Counts storage answers by request shape and status ("table batch 412", "queue delete 404", "blob put 409"): the
/// refusals (conflicts, stale pop receipts, missing rows) must be the same on the in-memory storage as on Azurite. An
/// entity-group transaction answers 202 even when it failed, so its status is the first one inside the body.
/// </summary>
public sealed partial class StorageStatusCounter(int blobPort, int queuePort, int tablePort) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private volatile bool _counting;

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
            _counts.AddOrUpdate($"{Shape(message)} {Status(message)}", 1, (_, n) => n + 1);
        }
    }

    private string Shape(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var method = message.Request.Method.Method;
        var path = uri.AbsolutePath.Trim('/').Split('/').Skip(1).ToArray(); // the account comes first
        var query = uri.Query;
        var port = uri.Port;
        if (port == tablePort)
        {
            var target = path.Length > 0 ? path[0] : "";
            return "table " + (target == "$batch" ? "batch"
                : target.StartsWith("Tables", StringComparison.Ordinal) ? "table " + method
                : target.EndsWith("()", StringComparison.Ordinal) || !target.Contains('(') ? "query " + method
                : "entity " + method);
        }

        if (port == queuePort)
        {
            return "queue " + (path.Length switch
            {
                1 => "queue " + method,
                2 => "messages " + method,
                _ => "message " + method,
            });
        }

        if (port == blobPort)
        {
            return "blob " + (query.Contains("comp=list", StringComparison.Ordinal) ? "list"
                : query.Contains("restype=container", StringComparison.Ordinal) ? "container " + method
                : "blob " + method);
        }

        return "other " + method;
    }

    private static string Status(HttpMessage message)
    {
        var response = message.Response;
        if (response.Status == 202 && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
        {
            var inner = InnerStatus().Match(response.Content.ToString());
            return inner.Success ? inner.Groups[1].Value : "202";
        }

        return response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex InnerStatus();
}
