namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// One table: partitions in key order, rows in key order inside each, as the service returns them. One lock per table
/// makes every write, and every entity-group transaction as a whole, atomic.
/// </summary>
internal sealed class StoredTable
{
    /// <summary>The service's largest page.</summary>
    public const int MaxPageSize = 1000;

    private const string MaxKey = "\uffff\uffff\uffff\uffff";
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _partitionKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, StoredEntity>> _partitions = new(StringComparer.Ordinal);

    /// <summary>The position of the next entity of a query, as the continuation headers give it.</summary>
    public sealed record Position(string PartitionKey, string RowKey);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _partitions.Values.Sum(p => p.Count);
            }
        }
    }

    public StoredEntity? Get(string partitionKey, string rowKey)
    {
        lock (_gate)
        {
            return _partitions.TryGetValue(partitionKey, out var rows) ? rows.GetValueOrDefault(rowKey) : null;
        }
    }

    /// <summary>
    /// Applies the writes all or none: the first refused one is returned with its index and nothing is changed;
    /// otherwise the stored entities (null for a delete) in order.
    /// </summary>
    public (IReadOnlyList<StoredEntity?>? Written, int FailedIndex, TableError? Error) Apply(IReadOnlyList<TableWrite> writes)
    {
        lock (_gate)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (Refusal(writes[i]) is { } error)
                {
                    return (null, i, error);
                }
            }

            var written = new StoredEntity?[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                written[i] = Write(writes[i]);
            }

            return (written, -1, null);
        }
    }

    /// <summary>
    /// One page of the entities the filter matches, from <paramref name="from"/> on, in key order; the position of the
    /// next match when there is one.
    /// </summary>
    public (List<StoredEntity> Page, Position? Next) Query(ODataFilter? filter, int pageSize, Position? from)
    {
        var partitions = filter?.RangeOf("PartitionKey") ?? ODataFilter.KeyRange.All;
        var rows = filter?.RangeOf("RowKey") ?? ODataFilter.KeyRange.All;
        var page = new List<StoredEntity>(Math.Min(pageSize, 64));
        lock (_gate)
        {
            var lower = Max(partitions.Lower ?? string.Empty, from?.PartitionKey);
            var upper = partitions.Upper ?? MaxKey;
            if (string.CompareOrdinal(lower, upper) > 0)
            {
                return (page, null);
            }

            foreach (var partitionKey in _partitionKeys.GetViewBetween(lower, upper))
            {
                if (!partitions.Contains(partitionKey))
                {
                    continue;
                }

                foreach (var (rowKey, entity) in _partitions[partitionKey])
                {
                    if ((from is not null && partitionKey == from.PartitionKey && string.CompareOrdinal(rowKey, from.RowKey) < 0)
                        || !rows.Contains(rowKey)
                        || (filter is not null && !filter.Matches(entity)))
                    {
                        continue;
                    }

                    if (page.Count == pageSize)
                    {
                        return (page, new Position(partitionKey, rowKey));
                    }

                    page.Add(entity);
                }
            }
        }

        return (page, null);
    }

    private static string Max(string a, string? b) => b is not null && string.CompareOrdinal(b, a) > 0 ? b : a;

    private TableError? Refusal(TableWrite write)
    {
        var existing = _partitions.TryGetValue(write.PartitionKey, out var rows) ? rows.GetValueOrDefault(write.RowKey) : null;
        return write.Kind switch
        {
            TableWriteKind.Insert when existing is not null => TableError.EntityExists,
            TableWriteKind.Update or TableWriteKind.Delete when existing is null => TableError.EntityNotFound,
            TableWriteKind.Update or TableWriteKind.Delete when write.IfMatch != "*" && write.IfMatch != existing!.ETag => TableError.ConditionNotMet,
            _ => null,
        };
    }

    private StoredEntity? Write(TableWrite write)
    {
        if (!_partitions.TryGetValue(write.PartitionKey, out var rows))
        {
            if (write.Kind == TableWriteKind.Delete)
            {
                return null;
            }

            _partitions[write.PartitionKey] = rows = new SortedDictionary<string, StoredEntity>(StringComparer.Ordinal);
            _partitionKeys.Add(write.PartitionKey);
        }

        if (write.Kind == TableWriteKind.Delete)
        {
            rows.Remove(write.RowKey);
            if (rows.Count == 0)
            {
                _partitions.Remove(write.PartitionKey);
                _partitionKeys.Remove(write.PartitionKey);
            }

            return null;
        }

        var now = StorageClock.Next();
        var entity = write.Merge && rows.TryGetValue(write.RowKey, out var existing)
            ? existing.MergedWith(write.Properties, now)
            : StoredEntity.Create(write.PartitionKey, write.RowKey, write.Properties, now);
        rows[write.RowKey] = entity;
        return entity;
    }
}
