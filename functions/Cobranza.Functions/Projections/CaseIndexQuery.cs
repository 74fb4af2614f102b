using Azure.Data.Tables;

namespace Cobranza.Functions.Projections;

/// <summary>
/// A read of the case index in one order: in each partition named, the row-key range [<paramref name="From"/>,
/// <paramref name="To"/>) of the order's rows, narrowed by <paramref name="Filter"/> (an OData filter on the index
/// columns, or null). Filters that are not part of the key narrow a partition's range rather than use a key.
/// </summary>
public sealed record CaseIndexQuery(IReadOnlyList<string> Partitions, string From, string To, string? Filter);

/// <summary>
/// Where a paged read stopped: for each partition not yet exhausted, the last row key it returned (null: none yet).
/// Our own keys rather than the service's tokens, because a page merges several partitions in order.
/// </summary>
public sealed record IndexCursor(Dictionary<string, string?> After);

/// <summary>Serves pages of the case index: one range query per partition, merged in key order.</summary>
public static class CaseIndexReader
{
    public static async Task<(IReadOnlyList<string> Items, IndexCursor? Next)> ReadPageAsync(
        TableClient table, CaseIndexQuery query, int pageSize, IndexCursor? cursor, CancellationToken cancellationToken)
    {
        cursor ??= new IndexCursor(query.Partitions.ToDictionary(p => p, _ => (string?)null));
        var fetched = await Task.WhenAll(cursor.After.Select(async entry =>
        {
            var (rows, exhausted) = await FetchAsync(table, query, entry.Key, entry.Value, pageSize, cancellationToken);
            return (Partition: entry.Key, Rows: rows, Exhausted: exhausted);
        }));

        var page = fetched
            .SelectMany(f => f.Rows.Select(r => (f.Partition, r.Key, r.Item)))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Take(pageSize)
            .ToList();

        var next = new Dictionary<string, string?>();
        foreach (var (partition, rows, exhausted) in fetched)
        {
            var taken = page.Where(r => r.Partition == partition).Select(r => r.Key).LastOrDefault();
            var takenAll = rows.Count == page.Count(r => r.Partition == partition);
            if (!(exhausted && takenAll))
            {
                next[partition] = taken ?? cursor.After[partition];
            }
        }

        return (page.Select(r => r.Item).ToList(), next.Count == 0 ? null : new IndexCursor(next));
    }

    private static async Task<(List<(string Key, string Item)> Rows, bool Exhausted)> FetchAsync(
        TableClient table, CaseIndexQuery query, string partition, string? after, int pageSize, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {Quote(partition)} and RowKey {(after is null ? "ge" : "gt")} {Quote(after ?? query.From)} and RowKey lt {Quote(query.To)}";
        if (query.Filter is not null)
        {
            filter += " and " + query.Filter;
        }

        var rows = new List<(string, string)>(pageSize);
        string? continuation = null;
        do
        {
            // The service may stop a page early (filters, time limits) and give a token: keep reading until the page is full.
            await foreach (var servicePage in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize - rows.Count,
                               select: ["RowKey", IndexColumns.Item], cancellationToken: cancellationToken).AsPages(continuation, pageSize - rows.Count))
            {
                rows.AddRange(servicePage.Values.Select(v => (v.RowKey, v.GetString(IndexColumns.Item) ?? "")));
                continuation = servicePage.ContinuationToken;
                break;
            }
        }
        while (continuation is not null && rows.Count < pageSize);

        return (rows, continuation is null);
    }

    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
