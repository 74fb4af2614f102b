using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// Writes every storage request and response (line, headers, body) to a file: what the app really sends, to compare
/// the in-memory storage's answers with Azurite's when the self-check finds a difference.
/// </summary>
public sealed class StorageTrafficLog(string path) : HttpPipelinePolicy, IDisposable
{
    private const int MaxBodyChars = 4000;
    private readonly StreamWriter _writer = new(path, append: false, Encoding.UTF8);
    private readonly Lock _gate = new();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Write(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Write(message);
    }

    public void Dispose() => _writer.Dispose();

    private void Write(HttpMessage message)
    {
        var text = new StringBuilder();
        var request = message.Request;
        text.Append("> ").Append(request.Method.Method).Append(' ').AppendLine(request.Uri.ToString());
        foreach (var header in request.Headers)
        {
            text.Append("> ").Append(header.Name).Append(": ").AppendLine(header.Value);
        }

        if (request.Content is { } content)
        {
            using var body = new MemoryStream();
            content.WriteTo(body, CancellationToken.None);
            text.AppendLine(Truncate(Encoding.UTF8.GetString(body.ToArray())));
        }

        var response = message.Response;
        text.Append("< ").Append(response.Status).Append(' ').AppendLine(response.ReasonPhrase);
        foreach (var header in response.Headers)
        {
            text.Append("< ").Append(header.Name).Append(": ").AppendLine(header.Value);
        }

        // A download the SDK streams (not buffered) is left unread, so that the app still gets it.
        text.AppendLine(response.ContentStream is MemoryStream buffered ? Truncate(Encoding.UTF8.GetString(buffered.ToArray())) : "(streamed body)").AppendLine();
        lock (_gate)
        {
            _writer.Write(text);
            _writer.Flush();
        }
    }

    private static string Truncate(string body) => body.Length <= MaxBodyChars ? body : body[..MaxBodyChars] + "…";
}
