using System.Diagnostics.CodeAnalysis;
using Azure.Core;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>A request as the Azure SDK pipeline builds it, kept in memory for <see cref="InMemoryStorageTransport"/>.</summary>
internal sealed class InMemoryRequest : Request
{
    private readonly Dictionary<string, List<string>> _headers = new(StringComparer.OrdinalIgnoreCase);

    public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var values) ? values[0] : null;

    public override void Dispose() => Content?.Dispose();

    protected override void AddHeader(string name, string value)
    {
        if (!_headers.TryGetValue(name, out var values))
        {
            _headers[name] = values = [];
        }

        values.Add(value);
    }

    protected override void SetHeader(string name, string value) => _headers[name] = [value];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = Header(name);
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = _headers.TryGetValue(name, out var list) ? list : null;
        return values is not null;
    }

    protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

    protected override bool RemoveHeader(string name) => _headers.Remove(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
        _headers.Select(h => new HttpHeader(h.Key, string.Join(",", h.Value)));
}
