using System.Globalization;
using System.Text;

namespace Cobranza.Durable;

/// <summary>
/// Names and keys of everything the runtime stores, all derived from <see cref="DurableOptions.HubName"/>
/// (tables <c>{hub}Instances</c> and <c>{hub}Timers</c>, queues <c>{hub}-control-NN</c> and their <c>-poison</c> queues).
/// </summary>
public sealed class StorageLayout
{
    /// <summary>RowKey of an instance's state row; '!' sorts before history and effect rows in a partition query.</summary>
    public const string StateRowKey = "!state";

    /// <summary>RowKey prefix of pending effect rows.</summary>
    public const string EffectRowPrefix = "e|";

    /// <summary>RowKey prefix of history rows.</summary>
    public const string HistoryRowPrefix = "h";

    private readonly string[] _controlQueues;

    /// <summary>Creates the layout for a hub with the given number of partitions.</summary>
    public StorageLayout(string hubName, int partitions)
    {
        if (!DurableOptionsValidator.IsValidHubName(hubName))
        {
            throw new ArgumentException($"Invalid hub name '{hubName}'.", nameof(hubName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, 16);
        HubName = hubName;
        Partitions = partitions;
        InstancesTable = hubName + "Instances";
        TimersTable = hubName + "Timers";
        var lower = hubName.ToLowerInvariant();
        _controlQueues = Enumerable.Range(0, partitions)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{lower}-control-{p:D2}"))
            .ToArray();
    }

    /// <summary>The hub name.</summary>
    public string HubName { get; }

    /// <summary>Number of control queues.</summary>
    public int Partitions { get; }

    /// <summary>Table holding, per instance (PartitionKey), the state row, history rows and pending effect rows.</summary>
    public string InstancesTable { get; }

    /// <summary>Table of timers beyond the horizon, partitioned by due minute.</summary>
    public string TimersTable { get; }

    /// <summary>All control queue names, index = partition.</summary>
    public IReadOnlyList<string> ControlQueues => _controlQueues;

    /// <summary>The control queue of a partition.</summary>
    public string ControlQueue(int partition) => _controlQueues[partition];

    /// <summary>Where messages that failed <see cref="DurableOptions.MaxDequeueCount"/> times go.</summary>
    public static string PoisonQueue(string queueName) => queueName + "-poison";

    /// <summary>The partition of an instance: FNV-1a 32-bit hash of its UTF-8 id modulo the partition count (as DTFx).</summary>
    public int PartitionOf(string instanceId) => (int)(Fnv1a32(instanceId) % (uint)Partitions);

    /// <summary>FNV-1a 32-bit hash of the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static uint Fnv1a32(string value)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= prime;
        }

        return hash;
    }

    /// <summary>PartitionKey of a timer row: its due minute in UTC, <c>yyyyMMddHHmm</c> (sorts chronologically).</summary>
    public static string TimerBucket(DateTimeOffset dueAt) =>
        dueAt.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    /// <summary>RowKey of a timer row: due ticks first so rows sort by due time within a bucket.</summary>
    public static string TimerRowKey(DateTimeOffset dueAt, string instanceId, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"{dueAt.UtcTicks:D19}_{instanceId}_{token}");

    /// <summary>RowKey of a history row.</summary>
    public static string HistoryRowKey(long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{HistoryRowPrefix}{seq:D12}");

    /// <summary>RowKey of a pending effect row.</summary>
    public static string EffectRowKey(string effectId) => EffectRowPrefix + effectId;
}
