using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Puts timer and effect-recovery messages on the instance's partition queue, with an initial visibility delay, and
/// wakes this process's listener when they become visible.
/// </summary>
internal sealed class ControlQueueSender(
    StorageClients clients,
    StorageLayout layout,
    ListenerWakeups wakeups,
    IOptions<DurableOptions> options,
    TimeProvider time,
    ILogger<ControlQueueSender> logger)
{
    // Messages must not expire: an effect-recovery message is what makes an effect "never lost" (-1 = no expiry).
    private static readonly TimeSpan _noExpiry = TimeSpan.FromSeconds(-1);

    private readonly QueueClient[] _queues = layout.ControlQueues.Select(clients.Queues.GetQueueClient).ToArray();

    public QueueClient Queue(int partition) => _queues[partition];

    /// <summary>Enqueues the firing of a timer, visible when it is due (never earlier: the delay is rounded up to whole seconds).</summary>
    public Task SendTimerAsync(string instanceId, string token, DateTimeOffset dueAt, string tag, CancellationToken cancellationToken)
    {
        var delay = DelayUntil(dueAt);
        logger.LogDebug("Enqueuing timer of instance {InstanceId} with a visibility delay of {Delay}", instanceId, delay);
        return SendAsync(instanceId, ControlMessage.Timer(instanceId, token, dueAt, tag), delay, cancellationToken);
    }

    /// <summary>Enqueues the message that finishes the instance's pending effects if this process does not (it crashed, or they failed).</summary>
    public Task SendEffectRecoveryAsync(string instanceId, CancellationToken cancellationToken) =>
        SendAsync(instanceId, ControlMessage.Effects(instanceId), options.Value.EffectRecoveryDelay, cancellationToken);

    private async Task SendAsync(string instanceId, ControlMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var partition = layout.PartitionOf(instanceId);
        await _queues[partition].SendMessageAsync(message.ToJson(), delay, _noExpiry, cancellationToken).ConfigureAwait(false);
        wakeups.WakeAfter(partition, delay);
    }

    private TimeSpan DelayUntil(DateTimeOffset dueAt)
    {
        var seconds = Math.Ceiling((dueAt - time.GetUtcNow()).TotalSeconds);
        return seconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
    }
}
