using System.Text;

namespace Cobranza.Benchmarks;

/// <summary>One sub-request of an entity-group transaction: its verb, the keys in its URL (none for an insert) and its JSON body.</summary>
public sealed record TableSubRequest(string Verb, string? PartitionKey, string? RowKey, string? Json);

/// <summary>Reads what a table request addresses from its text: the keys in a path, the sub-requests of a batch body.</summary>
public static class TableRequestParts
{
    private static readonly string[] _verbs = ["POST ", "PUT ", "MERGE ", "PATCH ", "DELETE ", "GET "];

    /// <summary>"name(PartitionKey='a',RowKey='b')" (unescaped) to (name, a, b); "name()" or "name" to (name, null, null).</summary>
    public static (string Table, string? PartitionKey, string? RowKey) ParsePath(string segment)
    {
        var open = segment.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (segment, null, null);
        }

        var keys = segment[(open + 1)..].TrimEnd(')');
        const string pk = "PartitionKey='";
        const string rk = "',RowKey='";
        if (!keys.StartsWith(pk, StringComparison.Ordinal) || !keys.EndsWith('\''))
        {
            return (segment[..open], null, null);
        }

        // A quote inside a value is doubled, so the separator is the first "',RowKey='" after an even number of quotes.
        var split = keys.IndexOf(rk, pk.Length, StringComparison.Ordinal);
        while (split >= 0 && keys[pk.Length..split].Count(c => c == '\'') % 2 == 1)
        {
            split = keys.IndexOf(rk, split + 1, StringComparison.Ordinal);
        }

        return split < 0
            ? (segment[..open], null, null)
            : (segment[..open], keys[pk.Length..split].Replace("''", "'", StringComparison.Ordinal), keys[(split + rk.Length)..^1].Replace("''", "'", StringComparison.Ordinal));
    }

    /// <summary>The table and the sub-requests of a batch's multipart body.</summary>
    public static (string Table, IReadOnlyList<TableSubRequest> Requests) ParseBatch(byte[] body)
    {
        var table = "";
        var requests = new List<TableSubRequest>();
        var lines = Encoding.UTF8.GetString(body).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var verb = _verbs.FirstOrDefault(v => lines[i].StartsWith(v, StringComparison.Ordinal));
            if (verb is null || !lines[i].EndsWith(" HTTP/1.1", StringComparison.Ordinal))
            {
                continue;
            }

            var uri = new Uri(lines[i][verb.Length..^" HTTP/1.1".Length]);
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            var (target, partitionKey, rowKey) = ParsePath(Uri.UnescapeDataString(segments[^1]));
            table = table.Length == 0 ? target : table;

            // Headers, a blank line, then the body up to the changeset's next boundary.
            while (i + 1 < lines.Length && lines[i + 1].Length > 0)
            {
                i++;
            }

            var json = new StringBuilder();
            while (i + 1 < lines.Length && !lines[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                json.Append(lines[++i]);
            }

            requests.Add(new TableSubRequest(verb.Trim(), partitionKey, rowKey, json.Length > 0 ? json.ToString() : null));
        }

        return (table, requests);
    }
}
