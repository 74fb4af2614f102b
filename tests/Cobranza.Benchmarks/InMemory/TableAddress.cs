using System.Text;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// What a table URL path names: <c>table</c>, <c>table()</c> (a query) or <c>table(PartitionKey='…',RowKey='…')</c>
/// (one entity; the keys are OData string literals, URL-escaped).
/// </summary>
internal sealed record TableAddress(string Table, string? PartitionKey, string? RowKey)
{
    public bool IsEntity => PartitionKey is not null && RowKey is not null;

    /// <param name="path">The path after the account, still escaped, without the query.</param>
    public static TableAddress Parse(string path)
    {
        var open = path.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return new TableAddress(Uri.UnescapeDataString(path), null, null);
        }

        var table = Uri.UnescapeDataString(path[..open]);
        var inside = Uri.UnescapeDataString(path[(open + 1)..path.LastIndexOf(')')]);
        if (inside.Length == 0)
        {
            return new TableAddress(table, null, null);
        }

        string? partitionKey = null, rowKey = null;
        var position = 0;
        while (position < inside.Length)
        {
            var equals = inside.IndexOf('=', position);
            var name = inside[position..equals].Trim();
            (var value, position) = Literal(inside, equals + 1);
            if (name == "PartitionKey")
            {
                partitionKey = value;
            }
            else if (name == "RowKey")
            {
                rowKey = value;
            }

            while (position < inside.Length && inside[position] is ',' or ' ')
            {
                position++;
            }
        }

        return new TableAddress(table, partitionKey, rowKey);
    }

    /// <summary>The OData literal <c>'…'</c> starting at <paramref name="start"/> ('' is one quote), and where it ends.</summary>
    private static (string Value, int End) Literal(string text, int start)
    {
        if (text[start] != '\'')
        {
            throw new FormatException($"A quoted key expected in '{text}'.");
        }

        var value = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                return (value.ToString(), i + 1);
            }

            value.Append(text[i++]);
        }
    }
}
