using Microsoft.Extensions.Logging;

namespace Cobranza.Workflow;

/// <summary>
/// Makes a decision visible: the case store first (idempotent: a commit already stored is not stored or reported again),
/// then the commit observers, then the callers of this process that wait for the case.
/// </summary>
public sealed class CaseCommitter(CaseStore store, IEnumerable<ICaseCommitObserver> observers, CaseCommitSignals signals, ILogger<CaseCommitter> logger)
{
    /// <summary>Stores a decision of a running case; false when it was stored before (a retried activity).</summary>
    public async Task<bool> CommitAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        var stored = await store.CommitAsync(commit, cancellationToken);
        if (stored && commit.Changed)
        {
            await NotifyAsync(commit, cancellationToken);
        }

        signals.Publish(commit.InvoiceId);
        return stored;
    }

    /// <summary>Stores a newly opened case; false when the case exists already (another request opened it first).</summary>
    public async Task<bool> OpenAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        if (!await store.AddAsync(commit, cancellationToken))
        {
            return false;
        }

        await NotifyAsync(commit, cancellationToken);
        return true;
    }

    private async Task NotifyAsync(CaseCommit commit, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnCommittedAsync(commit, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The commit stands: the projection lags until the case's next change or a rebuild repairs it.
                logger.LogError(e, "Commit observer {Observer} failed for case {InvoiceId} at version {Version}",
                    observer.GetType().Name, commit.InvoiceId, commit.Version);
            }
        }
    }
}
