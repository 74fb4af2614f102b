using System.Collections.Concurrent;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// One table: partitions in key order, rows in key order inside each, as the service returns them. A lock per
/// partition makes every write, and every entity-group transaction (one partition) as a whole, atomic, without one
/// instance's writes waiting for another's; the sorted index of partition keys has a lock of its own, taken only when
/// a partition appears or a query spans partitions.
/// </summary>
internal sealed class StoredTable
{
    /// <summary>The service's largest page.</summary>
    public const int MaxPageSize = 1000;

    private const string MaxKey = "\uffff\uffff\uffff\uffff";
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly Lock _indexGate = new();
    private readonly SortedSet<string> _partitionKeys = new(StringComparer.Ordinal);

    /// <summary>The position of the next entity of a query, as the continuation headers give it.</summary>
    public sealed record Position(string PartitionKey, string RowKey);

    public int Count => _partitions.Values.Sum(p => p.Count);

    public StoredEntity? Get(string partitionKey, string rowKey) =>
        _partitions.TryGetValue(partitionKey, out var partition) ? partition.Get(rowKey) : null;

    /// <summary>
    /// Applies the writes (all in one partition) all or none: the first refused one is returned with its index and
    /// nothing is changed; otherwise the stored entities (null for a delete) in order.
    /// </summary>
    public (IReadOnlyList<StoredEntity?>? Written, int FailedIndex, TableError? Error) Apply(IReadOnlyList<TableWrite> writes)
    {
        var partitionKey = writes[0].PartitionKey;
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            partition = _partitions.GetOrAdd(partitionKey, _ => new Partition());
            lock (_indexGate)
            {
                _partitionKeys.Add(partitionKey);
            }
        }

        return partition.Apply(writes);
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
        var lower = Max(partitions.Lower ?? string.Empty, from?.PartitionKey);
        var upper = partitions.Upper ?? MaxKey;
        if (string.CompareOrdinal(lower, upper) > 0)
        {
            return (page, null);
        }

        List<string> keys;
        if (lower == upper)
        {
            keys = [lower];
        }
        else
        {
            lock (_indexGate)
            {
                keys = [.. _partitionKeys.GetViewBetween(lower, upper)];
            }
        }

        foreach (var partitionKey in keys)
        {
            if (!partitions.Contains(partitionKey) || !_partitions.TryGetValue(partitionKey, out var partition))
            {
                continue;
            }

            var fromRow = from is not null && partitionKey == from.PartitionKey ? from.RowKey : null;
            if (partition.Scan(filter, rows, fromRow, page, pageSize) is { } nextRow)
            {
                return (page, new Position(partitionKey, nextRow));
            }
        }

        return (page, null);
    }

    private static string Max(string a, string? b) => b is not null && string.CompareOrdinal(b, a) > 0 ? b : a;

    /// <summary>The rows of one partition key, behind their own lock. An emptied partition stays (it costs nothing and no writer can lose it).</summary>
    private sealed class Partition
    {
        private readonly Lock _gate = new();
        private readonly SortedDictionary<string, StoredEntity> _rows = new(StringComparer.Ordinal);

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _rows.Count;
                }
            }
        }

        public StoredEntity? Get(string rowKey)
        {
            lock (_gate)
            {
                return _rows.GetValueOrDefault(rowKey);
            }
        }

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

        /// <summary>Adds matches to <paramref name="page"/> until it is full; then returns the row key of the next match.</summary>
        public string? Scan(ODataFilter? filter, ODataFilter.KeyRange rows, string? fromRow, List<StoredEntity> page, int pageSize)
        {
            lock (_gate)
            {
                foreach (var (rowKey, entity) in _rows)
                {
                    if ((fromRow is not null && string.CompareOrdinal(rowKey, fromRow) < 0) || !rows.Contains(rowKey) || (filter is not null && !filter.Matches(entity)))
                    {
                        continue;
                    }

                    if (page.Count == pageSize)
                    {
                        return rowKey;
                    }

                    page.Add(entity);
                }
            }

            return null;
        }

        private TableError? Refusal(TableWrite write)
        {
            var existing = _rows.GetValueOrDefault(write.RowKey);
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
            if (write.Kind == TableWriteKind.Delete)
            {
                _rows.Remove(write.RowKey);
                return null;
            }

            var now = StorageClock.Next();
            var entity = write.Merge && _rows.TryGetValue(write.RowKey, out var existing)
                ? existing.MergedWith(write.Properties, now)
                : StoredEntity.Create(write.PartitionKey, write.RowKey, write.Properties, now);
            _rows[write.RowKey] = entity;
            return entity;
        }
    }
}
