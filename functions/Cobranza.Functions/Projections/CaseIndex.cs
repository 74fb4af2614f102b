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

    private readonly ConcurrentDictionary<(string Partition, string InvoiceId), Head> _heads = new();

    public TableClient Table => table;

    /// <summary>The partitions, one per state.</summary>
    public static IReadOnlyList<string> Partitions { get; } = Enum.GetValues<CaseState>().Select(CaseIndexRows.PartitionOf).ToArray();

    /// <summary>
    /// Shows <paramref name="current"/> at <paramref name="version"/> in its state's partition, and removes it from
    /// <paramref name="previousPartition"/> when the state changed. A newer version already shown wins.
    /// </summary>
    public async Task ShowAsync(DunningCase current, long version, string? previousPartition, CancellationToken cancellationToken)
    {
        var rows = CaseIndexRows.For(current);
        await WriteAsync(rows, version, cancellationToken);
        if (previousPartition is not null && previousPartition != rows.Partition)
        {
            await RemoveAsync(previousPartition, current.InvoiceId, version, cancellationToken);
        }
    }

    private async Task WriteAsync(CaseIndexRows rows, long version, CancellationToken cancellationToken)
    {
        var id = (rows.Partition, rows.InvoiceId);
        for (var attempt = 1; ; attempt++)
        {
            var head = _heads.TryGetValue(id, out var known) ? known : await ReadHeadAsync(rows.Partition, rows.InvoiceId, cancellationToken);
            if (head is not null && head.Version > version)
            {
                return;
            }

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

            try
            {
                var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
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
}
