using System.Diagnostics.CodeAnalysis;
using System.Net;
using Azure;
using Azure.Core;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>An answer of the in-memory storage: status, headers and a buffered body, as the SDK reads them from HTTP.</summary>
internal sealed class InMemoryResponse(int status, byte[]? body = null) : Response
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public override int Status { get; } = status;

    public override string ReasonPhrase => ((HttpStatusCode)Status).ToString();

    public override Stream? ContentStream { get; set; } = new MemoryStream(body ?? [], writable: false);

    public override string ClientRequestId { get; set; } = string.Empty;

    public InMemoryResponse With(string name, string? value)
    {
        if (value is not null)
        {
            _headers[name] = value;
        }

        return this;
    }

    // As with the SDK's own HTTP responses, a buffered body outlives the message: generated clients dispose the
    // message before they parse the body.
    public override void Dispose()
    {
    }

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = _headers.TryGetValue(name, out var value) ? [value] : null;
        return values is not null;
    }

    protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));
}
