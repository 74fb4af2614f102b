using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Cobranza.Domain;

namespace Cobranza.Functions.Projections;

/// <summary>
/// The case index table (<c>{hub}CaseIndex</c>): per state partition, a case's rows in each sort order and its head
/// row, written together in one entity-group transaction guarded by the head's ETag, so the rows of a case in a
/// partition are always exactly those its head names, and the version on the head keeps an older change from
/// overwriting a newer one. The head's ETag and keys are remembered after each write, so a case changed by this
/// process again costs one transaction (plus one to leave its old partition when its state changed).
/// </summary>
public sealed class CaseIndex(TableClient table)
{
    private const int MaxAttempts = 10;
    private const int MaxRemembered = 100_000;
    private const int MaxBatchOperations = 100;

    private readonly ConcurrentDictionary<(string Partition, string InvoiceId), Head> _heads = new();
    private readonly ConcurrentDictionary<string, PartitionWriter> _writers = new();

    public TableClient Table => table;

    /// <summary>The partitions, one per state.</summary>
    public static IReadOnlyList<string> Partitions { get; } = Enum.GetValues<CaseState>().Select(CaseIndexRows.PartitionOf).ToArray();

    /// <summary>
    /// Shows <paramref name="current"/> at <paramref name="version"/> in its state's partition, and removes it from
    /// <paramref name="previousPartition"/> when the state changed. A newer version already shown wins.
    /// <paramref name="expectNew"/> says the case was shown in no partition, or in another (a new case, a change of
    /// state): then its head is not read first but added, and only read if it is there after all.
    /// </summary>
    public async Task ShowAsync(DunningCase current, long version, string? previousPartition, bool expectNew, CancellationToken cancellationToken)
    {
        var rows = CaseIndexRows.For(current);
        await WriteAsync(rows, version, expectNew && previousPartition != rows.Partition, cancellationToken);
        if (previousPartition is not null && previousPartition != rows.Partition)
        {
            await RemoveAsync(previousPartition, current.InvoiceId, version, cancellationToken);
        }
    }

    /// <summary>
    /// Writes a case's rows in its partition as a group commit: one write per partition at a time, and the writes that
    /// arrive meanwhile (other cases of the same state) go together in the next entity-group transaction, up to its
    /// 100 operations. If that transaction fails (a head changed elsewhere), each case is written on its own.
    /// </summary>
    private async Task WriteAsync(CaseIndexRows rows, long version, bool expectAbsent, CancellationToken cancellationToken)
    {
        var writer = _writers.GetOrAdd(rows.Partition, _ => new PartitionWriter());
        var write = new PendingWrite(rows, version, expectAbsent, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (writer.Pending)
        {
            writer.Pending.Add(write);
        }

        await writer.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!write.Done.Task.IsCompleted)
            {
                List<PendingWrite> taken;
                lock (writer.Pending)
                {
                    taken = [.. writer.Pending];
                    writer.Pending.Clear();
                }

                await FlushAsync(taken, cancellationToken);
            }
        }
        finally
        {
            writer.Gate.Release();
        }

        await write.Done.Task;
    }

    private async Task FlushAsync(List<PendingWrite> taken, CancellationToken cancellationToken)
    {
        var batch = new List<(PendingWrite Write, List<TableTransactionAction> Actions)>();
        try
        {
            foreach (var byCase in taken.GroupBy(w => w.Rows.InvoiceId))
            {
                // Two writes of one case: the older one is superseded (one transaction cannot touch a row twice).
                var write = byCase.MaxBy(w => w.Version)!;
                foreach (var older in byCase.Where(w => w != write))
                {
                    older.Done.TrySetResult();
                }

                var id = (write.Rows.Partition, write.Rows.InvoiceId);
                var head = _heads.TryGetValue(id, out var known) ? known
                    : write.ExpectAbsent ? null
                    : await ReadHeadAsync(write.Rows.Partition, write.Rows.InvoiceId, cancellationToken);
                if (head is not null && head.Version > write.Version)
                {
                    write.Done.TrySetResult();
                    continue;
                }

                var actions = Actions(write.Rows, write.Version, head);
                if (batch.Sum(b => b.Actions.Count) + actions.Count > MaxBatchOperations)
                {
                    await SubmitAsync(batch, cancellationToken);
                    batch.Clear();
                }

                batch.Add((write, actions));
            }

            await SubmitAsync(batch, cancellationToken);
        }
        catch (Exception e)
        {
            taken.ForEach(w => w.Done.TrySetException(e));
        }
    }

    private async Task SubmitAsync(List<(PendingWrite Write, List<TableTransactionAction> Actions)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var responses = (await table.SubmitTransactionAsync(batch.SelectMany(b => b.Actions), cancellationToken)).Value;
            var offset = 0;
            foreach (var (write, actions) in batch)
            {
                Remember((write.Rows.Partition, write.Rows.InvoiceId),
                    responses[offset].Headers.ETag is { } etag ? new Head(etag, [.. write.Rows.Keys], write.Version) : null);
                offset += actions.Count;
                write.Done.TrySetResult();
            }
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // A head changed since it was read or remembered: write each case on its own, reading its head again.
            foreach (var (write, _) in batch)
            {
                _heads.TryRemove((write.Rows.Partition, write.Rows.InvoiceId), out _);
                await WriteOneAsync(write.Rows, write.Version, cancellationToken);
                write.Done.TrySetResult();
            }
        }
    }

    private async Task WriteOneAsync(CaseIndexRows rows, long version, CancellationToken cancellationToken)
    {
        var id = (rows.Partition, rows.InvoiceId);
        for (var attempt = 1; ; attempt++)
        {
            var head = _heads.TryGetValue(id, out var known) ? known : await ReadHeadAsync(rows.Partition, rows.InvoiceId, cancellationToken);
            if (head is not null && head.Version > version)
            {
                return;
            }

            try
            {
                var responses = (await table.SubmitTransactionAsync(Actions(rows, version, head), cancellationToken)).Value;
                Remember(id, responses[0].Headers.ETag is { } etag ? new Head(etag, [.. rows.Keys], version) : null);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else wrote this case's head since it was read (or remembered): read it again and decide again.
                _heads.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The head (added, or replaced if unchanged since <paramref name="head"/>), the rows, and deletes of rows no longer wanted.</summary>
    private static List<TableTransactionAction> Actions(CaseIndexRows rows, long version, Head? head)
    {
        var headEntity = new TableEntity(rows.Partition, CaseIndexRows.HeadKey(rows.InvoiceId))
        {
            [IndexColumns.Version] = version,
            [IndexColumns.Keys] = string.Join('\n', rows.Keys),
        };
        var actions = new List<TableTransactionAction>
        {
            head is null
                ? new TableTransactionAction(TableTransactionActionType.Add, headEntity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, headEntity, head.ETag),
        };
        foreach (var key in rows.Keys)
        {
            var entity = new TableEntity(rows.Partition, key) { [IndexColumns.Item] = rows.Item, [IndexColumns.Version] = version };
            foreach (var (column, value) in rows.Columns)
            {
                entity[column] = value;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }

        foreach (var stale in head?.Keys.Except(rows.Keys, StringComparer.Ordinal) ?? [])
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(rows.Partition, stale), ETag.All));
        }

        return actions;
    }

    /// <summary>Removes the case from <paramref name="partition"/> unless a version newer than <paramref name="version"/> is shown there.</summary>
    public async Task RemoveAsync(string partition, string invoiceId, long version, CancellationToken cancellationToken)
    {
        var id = (partition, invoiceId);
        for (var attempt = 1; ; attempt++)
        {
            var head = _heads.TryGetValue(id, out var known) ? known : await ReadHeadAsync(partition, invoiceId, cancellationToken);
            if (head is null || head.Version > version)
            {
                return;
            }

            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Delete, new TableEntity(partition, CaseIndexRows.HeadKey(invoiceId)), head.ETag),
            };
            actions.AddRange(head.Keys.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                _heads.TryRemove(id, out _);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && attempt < MaxAttempts)
            {
                _heads.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The heads of one partition (invoice id and version): for the rebuild, which removes those of the wrong state.</summary>
    public async IAsyncEnumerable<(string InvoiceId, long Version)> HeadsAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {CaseIndexRows.HeadPrefix} and RowKey lt {"i}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", IndexColumns.Version], cancellationToken: cancellationToken))
        {
            yield return (row.RowKey[CaseIndexRows.HeadPrefix.Length..], row.GetInt64(IndexColumns.Version) ?? 0);
        }
    }

    /// <summary>Forgets every remembered head (after a rebuild rewrote them).</summary>
    public void Forget() => _heads.Clear();

    private async Task<Head?> ReadHeadAsync(string partition, string invoiceId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, CaseIndexRows.HeadKey(invoiceId), cancellationToken: cancellationToken);
        return row.HasValue
            ? new Head(row.Value!.ETag, (row.Value.GetString(IndexColumns.Keys) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), row.Value.GetInt64(IndexColumns.Version) ?? 0)
            : null;
    }

    private void Remember((string, string) id, Head? head)
    {
        if (head is null)
        {
            _heads.TryRemove(id, out _);
            return;
        }

        if (_heads.Count >= MaxRemembered)
        {
            // A bounded memory: forgetting only costs a point read at the case's next change.
            _heads.Clear();
        }

        _heads[id] = head;
    }

    private sealed record Head(ETag ETag, string[] Keys, long Version);

    private sealed record PendingWrite(CaseIndexRows Rows, long Version, bool ExpectAbsent, TaskCompletionSource Done);

    /// <summary>One partition's writer: one transaction at a time, and the writes waiting for the next.</summary>
    private sealed class PartitionWriter
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<PendingWrite> Pending { get; } = [];
    }
}
