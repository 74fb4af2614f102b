using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Projections;

/// <summary>
/// Keeps the case index and the dashboard counters up to date: told of every commit of a case by the durable runtime,
/// it rewrites the case's index rows when something a list shows changed, and adds the change's delta to the counters.
/// </summary>
public sealed class CaseProjections(CaseIndex index, DashboardCounters counters) : IInstanceCommitObserver<DunningCase>
{
    public Task OnCommittedAsync(InstanceCommit<DunningCase> commit, CancellationToken cancellationToken)
    {
        var (previous, current) = (commit.Previous, commit.Current);
        var indexWrite = previous is not null && previous.State == current.State && CaseIndexRows.ShowsAlike(previous, current)
            ? Task.CompletedTask
            : index.ShowAsync(current, commit.Version, previous is null ? null : CaseIndexRows.PartitionOf(previous.State), expectNew: true, cancellationToken);
        var counterWrite = counters.ApplyAsync(commit.InstanceId, DashboardCells.Delta(previous, current), cancellationToken);
        return Task.WhenAll(indexWrite, counterWrite);
    }
}
