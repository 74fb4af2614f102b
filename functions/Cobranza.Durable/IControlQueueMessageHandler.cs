namespace Cobranza.Durable;

/// <summary>
/// Processes one control-queue message (a timer firing or an effect-recovery request). Used by the runtime's own queue
/// listeners, and callable from an Azure Functions queue trigger that receives the same messages.
/// Completing normally means the message may be deleted; throwing means it should be retried.
/// </summary>
public interface IControlQueueMessageHandler
{
    /// <summary>
    /// Processes the decoded message text (JSON). <paramref name="dequeueCount"/> is the queue's count of receives of
    /// the message (1 the first time): a timer message received again may carry effects its first run left unfinished.
    /// </summary>
    Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken);
}
