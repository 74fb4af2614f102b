using System.Collections.Concurrent;

namespace Cobranza.Workflow;

/// <summary>
/// Wakes the callers of this process that wait for a case to commit, as soon as a commit of that case ran here. Callers
/// also poll the store, since the orchestration may run in another process; this only makes the common case fast.
/// </summary>
public sealed class CaseCommitSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next commit of the case in this process.</summary>
    public Task NextCommitAsync(string invoiceId) =>
        _waiting.GetOrAdd(invoiceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Publish(string invoiceId)
    {
        if (_waiting.TryRemove(invoiceId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
