using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Cobranza.Functions.Projections;

/// <summary>
/// The dashboard's counters (<c>{hub}Dashboard</c>): <see cref="Shards"/> partitions, a case's changes always going to
/// the shard of its invoice id, so concurrent changes of different cases rarely contend for one row. In a shard, the
/// cells of <see cref="DashboardCells"/> are grouped into a few rows (one for open balances per currency and due month,
/// one for the rest) and a change updates the rows it touches in one ETag-guarded transaction, retried on a conflict.
/// Rows this process wrote are remembered with their ETags, so an update usually costs that one transaction. Reading
/// sums every row: a number bounded by shards × (1 + currencies × due months), not by the number of cases.
/// </summary>
public sealed class DashboardCounters(TableClient table)
{
    public const int Shards = 8;
    private const int MaxAttempts = 20;
    private const string CellsColumn = "Cells";

    private readonly ConcurrentDictionary<(string Partition, string Row), StoredRow> _rows = new();
    private readonly ConcurrentDictionary<string, ShardWriter> _shards = new();

    public TableClient Table => table;

    public static string ShardOf(string invoiceId)
    {
        // FNV-1a: stable across processes (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(invoiceId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return "s" + (hash % Shards).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Adds <paramref name="delta"/> (one case's change) to the counters of the case's shard, and returns once it is
    /// stored. Changes of one shard are written one transaction at a time (a group commit): those that arrive while a
    /// write is under way are added together and go in the next one, so concurrent cases neither collide on the rows'
    /// ETags in this process nor cost a transaction each.
    /// </summary>
    public async Task ApplyAsync(string invoiceId, IReadOnlyDictionary<string, CellValue> delta, CancellationToken cancellationToken)
    {
        if (delta.Count == 0)
        {
            return;
        }

        var partition = ShardOf(invoiceId);
        var shard = _shards.GetOrAdd(partition, _ => new ShardWriter());
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (shard.Pending)
        {
            shard.Pending.Add((delta, stored));
        }

        await shard.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!stored.Task.IsCompleted)
            {
                List<(IReadOnlyDictionary<string, CellValue> Delta, TaskCompletionSource Stored)> taken;
                lock (shard.Pending)
                {
                    taken = [.. shard.Pending];
                    shard.Pending.Clear();
                }

                try
                {
                    var sum = new Dictionary<string, CellValue>(StringComparer.Ordinal);
                    foreach (var (key, value) in taken.SelectMany(t => t.Delta))
                    {
                        sum[key] = sum.GetValueOrDefault(key) + value;
                    }

                    foreach (var rows in sum.Where(c => !c.Value.IsZero).GroupBy(c => DashboardCells.RowOf(c.Key)).Chunk(100))
                    {
                        await WriteAsync(partition, rows, cancellationToken);
                    }

                    taken.ForEach(t => t.Stored.TrySetResult());
                }
                catch (Exception e)
                {
                    taken.ForEach(t => t.Stored.TrySetException(e));
                }
            }
        }
        finally
        {
            shard.Gate.Release();
        }

        await stored.Task;
    }

    private async Task WriteAsync(string partition, IReadOnlyList<IGrouping<string, KeyValuePair<string, CellValue>>> groups, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var actions = new List<TableTransactionAction>();
            var written = new List<(string Row, Dictionary<string, CellValue> Cells)>();
            foreach (var group in groups)
            {
                var stored = _rows.TryGetValue((partition, group.Key), out var known) ? known : await ReadRowAsync(partition, group.Key, cancellationToken);
                var cells = new Dictionary<string, CellValue>(stored?.Cells ?? [], StringComparer.Ordinal);
                foreach (var (key, value) in group)
                {
                    var sum = cells.GetValueOrDefault(key) + value;
                    if (sum.IsZero)
                    {
                        cells.Remove(key);
                    }
                    else
                    {
                        cells[key] = sum;
                    }
                }

                var entity = new TableEntity(partition, group.Key) { [CellsColumn] = Serialize(cells) };
                actions.Add(stored is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, stored.ETag));
                written.Add((group.Key, cells));
            }

            try
            {
                var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
                for (var i = 0; i < written.Count; i++)
                {
                    if (responses[i].Headers.ETag is { } etag)
                    {
                        _rows[(partition, written[i].Row)] = new StoredRow(etag, written[i].Cells);
                    }
                    else
                    {
                        _rows.TryRemove((partition, written[i].Row), out _);
                    }
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another process (or case of this shard) changed a row since it was read: read the rows again and add again.
                foreach (var group in groups)
                {
                    _rows.TryRemove((partition, group.Key), out _);
                }

                await Task.Delay(Random.Shared.Next(2, 20) * Math.Min(attempt, 5), cancellationToken);
            }
        }
    }

    /// <summary>Every cell summed over the shards.</summary>
    public async Task<IReadOnlyDictionary<string, CellValue>> ReadAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, CellValue>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(select: [CellsColumn], cancellationToken: cancellationToken))
        {
            foreach (var (key, value) in Deserialize(row.GetString(CellsColumn)))
            {
                totals[key] = totals.GetValueOrDefault(key) + value;
            }
        }

        return totals;
    }

    /// <summary>Replaces every counter with <paramref name="perShard"/> (cells by shard), for the rebuild.</summary>
    public async Task ReplaceAllAsync(IReadOnlyDictionary<string, Dictionary<string, CellValue>> perShard, CancellationToken cancellationToken)
    {
        var wanted = perShard
            .SelectMany(shard => shard.Value.Where(c => !c.Value.IsZero).GroupBy(c => DashboardCells.RowOf(c.Key))
                .Select(g => new TableEntity(shard.Key, g.Key) { [CellsColumn] = Serialize(g.ToDictionary(c => c.Key, c => c.Value)) }))
            .ToDictionary(e => (e.PartitionKey, e.RowKey));
        var existing = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            existing.Add((row.PartitionKey, row.RowKey));
        }

        var actions = wanted.Values.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e))
            .Concat(existing.Where(k => !wanted.ContainsKey(k))
                .Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Item1, k.Item2), ETag.All)));
        foreach (var batch in actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }

        _rows.Clear();
    }

    private async Task<StoredRow?> ReadRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, select: [CellsColumn], cancellationToken: cancellationToken);
        return entity.HasValue ? new StoredRow(entity.Value!.ETag, Deserialize(entity.Value.GetString(CellsColumn))) : null;
    }

    private static string Serialize(IReadOnlyDictionary<string, CellValue> cells) =>
        JsonSerializer.Serialize(cells.ToDictionary(c => c.Key, c => new[] { c.Value.Amount, c.Value.Count }));

    private static Dictionary<string, CellValue> Deserialize(string? json) =>
        json is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, decimal[]>>(json)!.ToDictionary(c => c.Key, c => new CellValue(c.Value[0], (long)c.Value[1]), StringComparer.Ordinal);

    private sealed record StoredRow(ETag ETag, Dictionary<string, CellValue> Cells);

    /// <summary>One shard's writer: one write at a time, and the changes waiting for the next.</summary>
    private sealed class ShardWriter
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<(IReadOnlyDictionary<string, CellValue> Delta, TaskCompletionSource Stored)> Pending { get; } = [];
    }
}
