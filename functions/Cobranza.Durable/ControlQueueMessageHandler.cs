using Microsoft.Extensions.Logging;

namespace Cobranza.Durable;

/// <summary>
/// Timer messages fire the instance's timer through the normal command path if their token is still the pending one
/// (otherwise the timer was cleared or replaced: the message is stale and dropped). The fire's effects ride on the timer
/// message: they run before it is deleted, and while any fails the message fails too and comes back; received again,
/// its timer is found fired (stale) and whatever effects of the instance are still pending run. Effect-recovery
/// messages (written for the effects of other commands) execute whatever effects of the instance are still pending,
/// and fail (to be retried) while any is left.
/// </summary>
internal sealed class ControlQueueMessageHandler<TState>(
    InstanceProcessor<TState> processor,
    EffectDispatcher<TState> effects,
    TimeProvider time,
    ILogger<ControlQueueMessageHandler<TState>> logger) : IControlQueueMessageHandler where TState : class
{
    /// <summary>
    /// A timer message is written before the decision that sets it commits, and one due at once is visible at once: a
    /// worker of another process may receive it before the commit lands. A message that is young (due within this
    /// window) and has been received fewer than <see cref="YoungTimerReceives"/> times is therefore looked at again a
    /// few seconds later rather than dropped when its token is not (yet) the instance's.
    /// </summary>
    public static readonly TimeSpan YoungTimerWindow = TimeSpan.FromMinutes(1);

    public const int YoungTimerReceives = 3;

    public async Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        var message = ControlMessage.Parse(messageText);
        if (message.Kind == ControlMessage.TimerKind)
        {
            var result = await processor.FireTimerAsync(message.InstanceId, message.Token!, message.DueAt!.Value, message.Tag ?? string.Empty, cancellationToken)
                .ConfigureAwait(false);
            if (result.Status == ApplyStatus.StaleTimer)
            {
                if (dequeueCount < YoungTimerReceives && time.GetUtcNow() - message.DueAt!.Value < YoungTimerWindow)
                {
                    throw new MessageNotReadyException(message.InstanceId, TimeSpan.FromSeconds(Math.Pow(2, dequeueCount)));
                }

                logger.LogDebug("Dropped a stale timer of instance {InstanceId}", message.InstanceId);
                if (dequeueCount > 1)
                {
                    // Received before: its fire may have been committed by a run that stopped before its effects were done.
                    await RunPendingAsync(message.InstanceId, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            logger.LogDebug("Timer of instance {InstanceId} fired", message.InstanceId);
            if (result.Effects is { } committed && !await effects.RunCommittedAsync(committed, cancellationToken).ConfigureAwait(false))
            {
                throw new EffectsPendingException(message.InstanceId);
            }

            return;
        }

        await RunPendingAsync(message.InstanceId, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunPendingAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!await effects.RunPendingAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            throw new EffectsPendingException(instanceId);
        }
    }
}

/// <summary>Thrown by an effect-recovery message while effects of its instance are still pending, so that it is retried.</summary>
public sealed class EffectsPendingException(string instanceId)
    : Exception($"Effects of instance {instanceId} are still pending after an attempt; the recovery message will be retried.")
{
    /// <summary>The instance with pending effects.</summary>
    public string InstanceId { get; } = instanceId;
}
