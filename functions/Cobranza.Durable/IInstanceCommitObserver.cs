namespace Cobranza.Durable;

/// <summary>
/// A committed change of one instance, as a commit observer sees it.
/// <paramref name="Version"/> is the instance's last history sequence number after the commit: it only grows, so a
/// projection that stores it can refuse to let an older change overwrite a newer one.
/// </summary>
public sealed record InstanceCommit<TState>(
    string InstanceId,
    TState? Previous,
    TState Current,
    long Version,
    IReadOnlyList<StoredHistoryRecord> Appended) where TState : class;

/// <summary>
/// Told of every successful commit, after it is durable and while the instance's lock is still held (so one process
/// reports the changes of an instance in commit order). Used to keep projections (read models) of the instances.
/// The commit stands whatever the observer does: an observer that fails is logged, and the projection must be
/// repairable from the instances table (a crash between the commit and the observer loses the notification too).
/// </summary>
public interface IInstanceCommitObserver<TState> where TState : class
{
    Task OnCommittedAsync(InstanceCommit<TState> commit, CancellationToken cancellationToken);
}
