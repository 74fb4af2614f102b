namespace Cobranza.Messaging;

/// <summary>
/// Sends a message on email or SMS. Must be idempotent on <see cref="OutboundMessage.IdempotencyKey"/>: a retry after a
/// crash returns the first send's receipt instead of messaging the debtor twice.
/// </summary>
public interface IMessageChannel
{
    Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
