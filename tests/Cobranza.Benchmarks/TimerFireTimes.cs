using Azure.Data.Tables;
using Cobranza.Durable;

namespace Cobranza.Benchmarks;

/// <summary>One due case: when its timer was due, when its step fired (the timer's decision) and when its message was sent.</summary>
public sealed record CaseFire(string InvoiceId, DateTimeOffset DueAt, DateTimeOffset? FiredAt, DateTimeOffset? SentAt);

/// <summary>
/// Reads from the runtime's instances table, with the benchmark's own client: each case's timer due time from its
/// state row (<c>TimerDueAt</c>, read before it fires) and, afterwards, the <c>At</c> of its history entries
/// <c>stepFired</c> (the timer fired) and <c>messageSent</c> (the step's message is in the outbox).
/// </summary>
public static class TimerFireTimes
{
    public static async Task<Dictionary<string, DateTimeOffset>> ReadDueTimesAsync(TableClient instances, string idPrefix)
    {
        var due = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filter = $"{PrefixFilter(idPrefix)} and RowKey eq '{StorageLayout.StateRowKey}'";
        await foreach (var row in instances.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "TimerDueAt"]))
        {
            if (row.GetDateTimeOffset("TimerDueAt") is { } dueAt)
            {
                due[row.PartitionKey] = dueAt;
            }
        }

        return due;
    }

    public static async Task<IReadOnlyList<CaseFire>> ReadFiresAsync(TableClient instances, string idPrefix, IReadOnlyDictionary<string, DateTimeOffset> dueTimes)
    {
        var fired = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filter = $"{PrefixFilter(idPrefix)} and (Type eq 'stepFired' or Type eq 'messageSent')";
        await foreach (var row in instances.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "Type", "At"]))
        {
            var at = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue;
            (row.GetString("Type") == "stepFired" ? fired : sent)[row.PartitionKey] = at;
        }

        return [.. dueTimes.Select(d => new CaseFire(d.Key, d.Value, fired.TryGetValue(d.Key, out var f) ? f : null, sent.TryGetValue(d.Key, out var s) ? s : null))];
    }

    /// <summary>How many timer rows wait in the timers table's bucket of <paramref name="dueAt"/>'s minute.</summary>
    public static async Task<int> CountParkedAsync(TableClient timers, DateTimeOffset dueAt)
    {
        var count = 0;
        await foreach (var _ in timers.QueryAsync<TableEntity>($"PartitionKey eq '{StorageLayout.TimerBucket(dueAt)}'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of the values.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    // Ids with a prefix form one key range: from the prefix to the prefix with its last character raised by one.
    private static string PrefixFilter(string prefix) =>
        $"PartitionKey ge '{prefix}' and PartitionKey lt '{prefix[..^1]}{(char)(prefix[^1] + 1)}'";
}
