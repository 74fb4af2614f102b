using System.Text;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>One operation of an entity-group transaction: an HTTP request nested in the multipart body.</summary>
internal sealed record BatchOperation(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>The outcome of one operation of a transaction that committed.</summary>
internal sealed record BatchResult(int Status, string? ETag, string? Location, byte[]? Body);

/// <summary>
/// The <c>$batch</c> wire format (OData multipart/mixed): a batch holding one change set whose parts are HTTP requests,
/// answered by a batch holding one change set of HTTP responses, or, when an operation was refused, of that one error,
/// whose message starts with the operation's index ("1:The update condition…"), which is how the SDK tells
/// <c>FailedTransactionActionIndex</c>.
/// </summary>
internal static class TableBatch
{
    private const string Crlf = "\r\n";

    /// <param name="accountPrefix">The path up to and with the account name (<c>/devstoreaccount1/</c>), cut from each operation's URL.</param>
    public static List<BatchOperation> Parse(byte[] body, string accountPrefix)
    {
        var text = Encoding.UTF8.GetString(body).Replace(Crlf, "\n", StringComparison.Ordinal);
        const string marker = "boundary=";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FormatException("A $batch without a change set.");
        }

        var end = text.IndexOf('\n', at);
        var changeset = "--" + text[(at + marker.Length)..end].Trim();
        var operations = new List<BatchOperation>();
        foreach (var part in text.Split(changeset).Skip(1))
        {
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                break; // the closing boundary
            }

            // MIME headers, a blank line, then the HTTP request: request line, headers, a blank line, the body.
            var http = part[(part.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
            var headerEnd = http.IndexOf("\n\n", StringComparison.Ordinal);
            var head = (headerEnd < 0 ? http : http[..headerEnd]).Split('\n');
            var content = headerEnd < 0 ? string.Empty : http[(headerEnd + 2)..].TrimEnd('\n');
            var requestLine = head[0].Split(' ');
            var url = new Uri(requestLine[1]);
            var path = url.AbsolutePath.StartsWith(accountPrefix, StringComparison.Ordinal) ? url.AbsolutePath[accountPrefix.Length..] : url.AbsolutePath.TrimStart('/');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            operations.Add(new BatchOperation(requestLine[0], path, headers, Encoding.UTF8.GetBytes(content)));
        }

        return operations;
    }

    /// <summary>The answer of a committed transaction; returns its body and content type.</summary>
    public static (byte[] Body, string ContentType) Committed(IReadOnlyList<BatchResult> results)
    {
        var (batch, changeset) = Boundaries();
        var text = new StringBuilder();
        text.Append("--").Append(batch).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf).Append(Crlf);
        foreach (var result in results)
        {
            text.Append("--").Append(changeset).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf)
                .Append("HTTP/1.1 ").Append(result.Status).Append(' ').Append(Reason(result.Status)).Append(Crlf)
                .Append("X-Content-Type-Options: nosniff").Append(Crlf)
                .Append("Cache-Control: no-cache").Append(Crlf)
                .Append("DataServiceVersion: 3.0;").Append(Crlf);
            if (result.Location is not null)
            {
                text.Append("Location: ").Append(result.Location).Append(Crlf)
                    .Append("DataServiceId: ").Append(result.Location).Append(Crlf);
            }

            if (result.ETag is not null)
            {
                text.Append("ETag: ").Append(result.ETag).Append(Crlf);
            }

            if (result.Body is not null)
            {
                text.Append("Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8").Append(Crlf).Append(Crlf)
                    .Append(Encoding.UTF8.GetString(result.Body)).Append(Crlf);
            }
            else
            {
                text.Append(Crlf);
            }

            text.Append(Crlf);
        }

        text.Append("--").Append(changeset).Append("--").Append(Crlf).Append("--").Append(batch).Append("--").Append(Crlf);
        return (Encoding.UTF8.GetBytes(text.ToString()), "multipart/mixed; boundary=" + batch);
    }

    /// <summary>The answer of a refused transaction: the error of operation <paramref name="index"/> (0-based).</summary>
    public static (byte[] Body, string ContentType) Refused(int index, TableError error)
    {
        var (batch, changeset) = Boundaries();
        var text = new StringBuilder();
        text.Append("--").Append(batch).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf).Append(Crlf)
            .Append("--").Append(changeset).Append(Crlf)
            .Append("Content-Type: application/http").Append(Crlf)
            .Append("Content-Transfer-Encoding: binary").Append(Crlf).Append(Crlf)
            .Append("HTTP/1.1 ").Append(error.Status).Append(' ').Append(Reason(error.Status)).Append(Crlf)
            .Append("Content-ID: ").Append(index + 1).Append(Crlf)
            .Append("X-Content-Type-Options: nosniff").Append(Crlf)
            .Append("DataServiceVersion: 3.0;").Append(Crlf)
            .Append("Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8").Append(Crlf).Append(Crlf)
            .Append(Encoding.UTF8.GetString(TableJson.Error(error, index + ":"))).Append(Crlf)
            .Append("--").Append(changeset).Append("--").Append(Crlf)
            .Append("--").Append(batch).Append("--").Append(Crlf);
        return (Encoding.UTF8.GetBytes(text.ToString()), "multipart/mixed; boundary=" + batch);
    }

    private static (string Batch, string Changeset) Boundaries()
    {
        var id = Guid.NewGuid().ToString();
        return ("batchresponse_" + id, "changesetresponse_" + id);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        _ => "Error",
    };
}
