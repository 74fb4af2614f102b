using System.Web;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// A storage REST request taken apart: method, the path after the account name (still escaped, since table keys in a
/// path are quoted OData literals), the query parameters (unescaped), the headers and the body.
/// </summary>
internal sealed class StorageRequest
{
    private readonly InMemoryRequest _request;
    private readonly Dictionary<string, string> _query;

    public StorageRequest(InMemoryRequest request)
    {
        _request = request;
        Method = request.Method.Method;
        var uri = request.Uri.ToUri();
        var path = uri.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        Path = slash < 0 ? string.Empty : path[(slash + 1)..]; // Path-style: the account comes first.
        var query = HttpUtility.ParseQueryString(uri.Query);
        _query = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!, StringComparer.OrdinalIgnoreCase);
        if (request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            content.WriteTo(buffer, CancellationToken.None);
            Body = buffer.ToArray();
        }
    }

    public string Method { get; }

    /// <summary>The path after the account, without the leading slash, still escaped.</summary>
    public string Path { get; }

    public byte[] Body { get; } = [];

    public string? Query(string name) => _query.GetValueOrDefault(name);

    public string? Header(string name) => _request.Header(name);
}
