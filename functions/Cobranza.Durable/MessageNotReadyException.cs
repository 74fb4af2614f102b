namespace Cobranza.Durable;

/// <summary>
/// Thrown for a control message that may be early rather than wrong (a timer whose decision may not have committed yet):
/// the message is made visible again after <see cref="RetryIn"/>, without a warning.
/// </summary>
public sealed class MessageNotReadyException(string instanceId, TimeSpan retryIn)
    : Exception($"A timer message of instance {instanceId} does not match its state yet; it is looked at again in {retryIn}.")
{
    public string InstanceId { get; } = instanceId;

    public TimeSpan RetryIn { get; } = retryIn;
}
