using Microsoft.Extensions.Logging;

namespace Cobranza.Durable;

/// <summary>
/// Timer messages fire the instance's timer through the normal command path if their token is still the pending one
/// (otherwise the timer was cleared or replaced: the message is stale and dropped). Effect-recovery messages execute
/// whatever effects of the instance are still pending, and fail (to be retried) while any is left.
/// </summary>
internal sealed class ControlQueueMessageHandler<TState>(
    InstanceProcessor<TState> processor,
    IEffectDispatcher effects,
    ILogger<ControlQueueMessageHandler<TState>> logger) : IControlQueueMessageHandler where TState : class
{
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = ControlMessage.Parse(messageText);
        if (message.Kind == ControlMessage.TimerKind)
        {
            var result = await processor.FireTimerAsync(message.InstanceId, message.Token!, message.DueAt!.Value, message.Tag ?? string.Empty, cancellationToken)
                .ConfigureAwait(false);
            if (result.Status == ApplyStatus.StaleTimer)
            {
                logger.LogDebug("Dropped a stale timer of instance {InstanceId}", message.InstanceId);
            }
            else
            {
                logger.LogDebug("Timer of instance {InstanceId} fired", message.InstanceId);
            }

            return;
        }

        if (!await effects.RunPendingAsync(message.InstanceId, cancellationToken).ConfigureAwait(false))
        {
            throw new EffectsPendingException(message.InstanceId);
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
