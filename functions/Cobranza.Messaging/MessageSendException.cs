namespace Cobranza.Messaging;

/// <summary>
/// A channel could not send a message. <see cref="IsTransient"/> failures (throttling, 5xx, timeouts) are worth trying
/// again, after <see cref="RetryAfter"/> when the provider said; permanent ones (a refused address, a bad request) are not.
/// </summary>
public sealed class MessageSendException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool IsTransient { get; } = isTransient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
