namespace Cobranza.Workflow;

/// <summary>
/// Told of every committed change of a case, after its row and history are stored, to keep projections (the case index,
/// the dashboard counters). Called in commit order per case, since one orchestration commits a case's changes one at a
/// time. A commit retried after a crash that had stored it is not reported again, and an observer that fails is
/// logged, not retried: projections must be repairable from the case store.
/// </summary>
public interface ICaseCommitObserver
{
    Task OnCommittedAsync(CaseCommit commit, CancellationToken cancellationToken);
}
