using Azure;
using Azure.Data.Tables;

namespace Cobranza.Durable;

/// <summary>How an entity-group transaction ended.</summary>
internal enum CommitOutcome
{
    Committed,

    /// <summary>The state row changed (412) or was created (409) by someone else since it was read: reload and decide again.</summary>
    Conflict,

    /// <summary>The completed effect's row is gone: another worker completed it already.</summary>
    EffectGone,
}

/// <summary>The outcome of a commit and, when committed, the state row's new ETag (null if the service did not give it).</summary>
internal readonly record struct Commit(CommitOutcome Outcome, ETag? StateETag = null);

/// <summary>Reads and writes the instances table (state, history and pending effect rows of each instance).</summary>
internal sealed class InstanceStore<TState>(StorageClients clients, StorageLayout layout) where TState : class
{
    /// <summary>The limit of an entity-group transaction.</summary>
    public const int MaxTransactionOperations = 100;

    private const string TypeColumn = "Type";
    private const string PayloadColumn = "Payload";
    private const string AtColumn = "At";
    private const string ActorColumn = "Actor";
    private const string DetailsColumn = "Details";

    private readonly TableClient _table = clients.Tables.GetTableClient(layout.InstancesTable);

    public TableClient Table => _table;

    /// <summary>One point read of the state row; null when the instance does not exist.</summary>
    public async Task<StoredInstance<TState>?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, StorageLayout.StateRowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? StateRowCodec<TState>.FromEntity(response.Value!) : null;
    }

    /// <summary>One point read of a pending effect row; null when it was completed.</summary>
    public async Task<EffectRecord?> LoadEffectAsync(string instanceId, string effectId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, StorageLayout.EffectRowKey(effectId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ToEffect(response.Value!) : null;
    }

    /// <summary>The ids of the instance's pending effects (one range query inside its partition).</summary>
    public async Task<IReadOnlyList<string>> LoadPendingEffectIdsAsync(string instanceId, CancellationToken cancellationToken)
    {
        // '}' follows '|' in ASCII, so [ "e|", "e}" ) is exactly the effect rows.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {instanceId} and RowKey ge {StorageLayout.EffectRowPrefix} and RowKey lt {"e}"}");
        var ids = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(row.RowKey[StorageLayout.EffectRowPrefix.Length..]);
        }

        return ids;
    }

    /// <summary>The whole instance (state, history ordered by seq, pending effects) in one partition query.</summary>
    public async Task<InstanceSnapshot<TState>?> LoadSnapshotAsync(string instanceId, CancellationToken cancellationToken) =>
        (await LoadWithHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false)).Snapshot;

    /// <summary>
    /// The whole instance in one partition query: the stored state row (with the ETag that guards the next write) and
    /// the snapshot; both null when the instance does not exist.
    /// </summary>
    public async Task<(StoredInstance<TState>? Stored, InstanceSnapshot<TState>? Snapshot)> LoadWithHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        StoredInstance<TState>? stored = null;
        var history = new List<StoredHistoryRecord>();
        var effects = new List<EffectRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == StorageLayout.StateRowKey)
            {
                stored = StateRowCodec<TState>.FromEntity(row);
            }
            else if (row.RowKey.StartsWith(StorageLayout.EffectRowPrefix, StringComparison.Ordinal))
            {
                effects.Add(ToEffect(row));
            }
            else if (row.RowKey.StartsWith(StorageLayout.HistoryRowPrefix, StringComparison.Ordinal))
            {
                history.Add(ToHistory(row));
            }
        }

        return stored is null
            ? (null, null)
            : (stored, new InstanceSnapshot<TState>(instanceId, stored.State, stored.TimerDueAt, stored.TimerTag, [.. history.OrderBy(h => h.Seq)], effects));
    }

    /// <summary>A page of state rows whose index columns equal the given values.</summary>
    public async Task<InstancePage<TState>> QueryAsync(
        IReadOnlyDictionary<string, string?> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var filter = $"RowKey eq '{StorageLayout.StateRowKey}'";
        foreach (var (column, value) in equals.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            StateRowCodec<TState>.EnsureValidIndexColumn(column);
            filter += $" and {column} eq '{value.Replace("'", "''", StringComparison.Ordinal)}'";
        }

        var pages = _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            // One service page per call; the service's continuation token is passed through untouched.
            return new InstancePage<TState>([.. page.Values.Select(StateRowCodec<TState>.ReadState)], page.ContinuationToken);
        }

        return new InstancePage<TState>([], null);
    }

    /// <summary>
    /// Submits one entity-group transaction. <paramref name="stateIndex"/> and <paramref name="effectDeleteIndex"/> tell
    /// which action is the state write and which the completed effect's delete, to tell a conflict from a completed effect.
    /// </summary>
    public async Task<Commit> CommitAsync(
        string instanceId, IReadOnlyList<TableTransactionAction> actions, int? stateIndex, int? effectDeleteIndex, CancellationToken cancellationToken)
    {
        if (actions.Count > MaxTransactionOperations)
        {
            throw new InvalidOperationException(
                $"A decision for instance {instanceId} needs {actions.Count} table operations; one atomic write holds at most {MaxTransactionOperations}. Write fewer history entries or effects per decision.");
        }

        try
        {
            var responses = (await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false)).Value;
            return new Commit(CommitOutcome.Committed, stateIndex is { } i && i < responses.Count ? responses[i].Headers.ETag : null);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == effectDeleteIndex && ex.Status == 404)
        {
            return new Commit(CommitOutcome.EffectGone);
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == stateIndex && ex.Status is 412 or 409)
        {
            return new Commit(CommitOutcome.Conflict);
        }
    }

    public static TableTransactionAction AddHistory(string instanceId, long seq, HistoryRecord record) =>
        new(TableTransactionActionType.Add, new TableEntity(instanceId, StorageLayout.HistoryRowKey(seq))
        {
            [AtColumn] = record.At,
            [TypeColumn] = record.Type,
            [ActorColumn] = record.Actor,
            [DetailsColumn] = record.Details,
        });

    public static TableTransactionAction AddEffect(string instanceId, EffectRecord effect) =>
        new(TableTransactionActionType.Add, new TableEntity(instanceId, StorageLayout.EffectRowKey(effect.Id))
        {
            [TypeColumn] = effect.Type,
            [PayloadColumn] = effect.Payload,
        });

    public static TableTransactionAction DeleteEffect(string instanceId, string effectId) =>
        new(TableTransactionActionType.Delete, new TableEntity(instanceId, StorageLayout.EffectRowKey(effectId)), ETag.All);

    private static EffectRecord ToEffect(TableEntity row) => new(
        row.RowKey[StorageLayout.EffectRowPrefix.Length..],
        row.GetString(TypeColumn) ?? string.Empty,
        row.GetString(PayloadColumn) ?? string.Empty);

    private static StoredHistoryRecord ToHistory(TableEntity row) => new(
        long.Parse(row.RowKey.AsSpan(StorageLayout.HistoryRowPrefix.Length), System.Globalization.CultureInfo.InvariantCulture),
        row.GetDateTimeOffset(AtColumn) ?? DateTimeOffset.MinValue,
        row.GetString(TypeColumn) ?? string.Empty,
        row.GetString(ActorColumn) ?? string.Empty,
        row.GetString(DetailsColumn) ?? string.Empty);
}
