using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace Cobranza.Durable;

/// <summary>
/// Turns a state into the state row and back. The JSON is split into <c>State0</c>, <c>State1</c>, … because one table
/// string property is limited to 64 KiB (30,000 UTF-16 characters is 60,000 bytes); the row is written with replace
/// semantics, so chunks left over from a longer earlier state disappear.
/// </summary>
internal sealed class StateRowCodec<TState>(IInstanceLogic<TState> logic) where TState : class
{
    public const int ChunkLength = 30_000;

    // An entity is limited to 1 MiB; 16 chunks of 60 KB leave room for the other columns.
    public const int MaxChunks = 16;

    public const string LastSeqColumn = "LastSeq";
    public const string TimerTokenColumn = "TimerToken";
    public const string TimerDueAtColumn = "TimerDueAt";
    public const string TimerTagColumn = "TimerTag";
    private const string StateColumnPrefix = "State";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly HashSet<string> _reservedColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag", LastSeqColumn, TimerTokenColumn, TimerDueAtColumn, TimerTagColumn,
    };

    public TableEntity ToEntity(string instanceId, TState state, long lastSeq, TimerFields timer)
    {
        var entity = new TableEntity(instanceId, StorageLayout.StateRowKey)
        {
            [LastSeqColumn] = lastSeq,
        };

        var json = JsonSerializer.Serialize(state, JsonOptions);
        var chunks = (json.Length + ChunkLength - 1) / ChunkLength;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException(
                $"The state of instance {instanceId} serializes to {json.Length} characters; at most {MaxChunks * ChunkLength} fit in a table row.");
        }

        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkLength;
            entity[StateColumnPrefix + i] = json.Substring(start, Math.Min(ChunkLength, json.Length - start));
        }

        if (timer.Token is not null)
        {
            entity[TimerTokenColumn] = timer.Token;
            entity[TimerDueAtColumn] = timer.DueAt;
            entity[TimerTagColumn] = timer.Tag;
        }

        foreach (var (column, value) in logic.IndexColumns(state))
        {
            EnsureValidIndexColumn(column);
            if (value is not null)
            {
                // Null values are left out, so an equality filter on the column never matches them.
                entity[column] = value;
            }
        }

        return entity;
    }

    public static StoredInstance<TState> FromEntity(TableEntity entity)
    {
        var timerToken = entity.GetString(TimerTokenColumn);
        return new StoredInstance<TState>(
            entity.PartitionKey,
            ReadState(entity),
            entity.ETag,
            entity.GetInt64(LastSeqColumn) ?? 0,
            timerToken,
            timerToken is null ? null : entity.GetDateTimeOffset(TimerDueAtColumn),
            timerToken is null ? null : entity.GetString(TimerTagColumn));
    }

    public static TState ReadState(TableEntity entity)
    {
        var json = new StringBuilder();
        for (var i = 0; entity.TryGetValue(StateColumnPrefix + i, out var chunk) && chunk is string text; i++)
        {
            json.Append(text);
        }

        if (json.Length == 0)
        {
            throw new InvalidOperationException($"The state row of instance {entity.PartitionKey} has no state.");
        }

        return JsonSerializer.Deserialize<TState>(json.ToString(), JsonOptions)
            ?? throw new InvalidOperationException($"The state row of instance {entity.PartitionKey} holds a null state.");
    }

    /// <summary>Index columns become property names and OData filter terms, so only plain identifiers are allowed.</summary>
    public static void EnsureValidIndexColumn(string column)
    {
        var valid = column is { Length: > 0 and <= 255 }
            && (char.IsAsciiLetter(column[0]) || column[0] == '_')
            && column.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && !_reservedColumns.Contains(column)
            && !IsStateChunkColumn(column);
        if (!valid)
        {
            throw new InvalidOperationException(
                $"'{column}' cannot be an index column: use a letter followed by letters, digits or '_', and none of the runtime's own columns.");
        }
    }

    private static bool IsStateChunkColumn(string column) =>
        column.StartsWith(StateColumnPrefix, StringComparison.OrdinalIgnoreCase)
        && column.Length > StateColumnPrefix.Length
        && column.AsSpan(StateColumnPrefix.Length).ToString().All(char.IsAsciiDigit);
}
