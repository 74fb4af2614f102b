namespace Cobranza.Durable;

/// <summary>
/// Thrown when a command could not be committed because other processes kept changing the instance
/// (every ETag-guarded attempt met a newer version). Rare: commands on one instance are serialised in each process.
/// </summary>
public sealed class InstanceConflictException(string instanceId, int attempts)
    : Exception($"Instance {instanceId} kept changing under {attempts} attempts to commit a command.")
{
    /// <summary>The instance that kept changing.</summary>
    public string InstanceId { get; } = instanceId;
}
