using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Projections;

/// <summary>What a rebuild did.</summary>
public sealed record RebuildReport(int Cases, int StaleEntriesRemoved, int CounterCells);

/// <summary>
/// Re-derives the case index and the dashboard counters from the instances table: the repair for whatever a crash
/// between a commit and its projection left stale. It scans every case (a repair, never a page load), shows each one
/// (a newer version already shown wins), removes index entries of a case in a state it is no longer in (or of a
/// case that does not exist), and replaces the counters with the sum of every case's contribution. Counters changed
/// by cases committing during the rebuild may be off until the next rebuild: run it when the service is quiet.
/// </summary>
public sealed class ProjectionRebuild(IInstanceScanner<DunningCase> instances, CaseIndex index, DashboardCounters counters)
{
    public async Task<RebuildReport> RunAsync(CancellationToken cancellationToken)
    {
        var shown = new System.Collections.Concurrent.ConcurrentDictionary<string, (string Partition, long Version)>(StringComparer.Ordinal);
        var perShard = new Dictionary<string, Dictionary<string, CellValue>>();
        var gate = new object();
        await Parallel.ForEachAsync(instances.ScanAsync(cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (instance, ct) =>
            {
                await index.ShowAsync(instance.State, instance.Version, previousPartition: null, expectNew: false, ct);
                shown[instance.InstanceId] = (CaseIndexRows.PartitionOf(instance.State.State), instance.Version);
                var cells = DashboardCells.Of(instance.State);
                lock (gate)
                {
                    var shard = DashboardCounters.ShardOf(instance.InstanceId);
                    if (!perShard.TryGetValue(shard, out var sums))
                    {
                        perShard[shard] = sums = new Dictionary<string, CellValue>(StringComparer.Ordinal);
                    }

                    foreach (var (key, value) in cells)
                    {
                        sums[key] = sums.GetValueOrDefault(key) + value;
                    }
                }
            });

        var removed = 0;
        foreach (var partition in CaseIndex.Partitions)
        {
            var stale = new List<string>();
            await foreach (var (invoiceId, _) in index.HeadsAsync(partition, cancellationToken))
            {
                if (!shown.TryGetValue(invoiceId, out var current) || current.Partition != partition)
                {
                    stale.Add(invoiceId);
                }
            }

            foreach (var invoiceId in stale)
            {
                // A case that moved here after the scan read it carries a newer version, and stays.
                await index.RemoveAsync(partition, invoiceId, shown.TryGetValue(invoiceId, out var current) ? current.Version : long.MaxValue, cancellationToken);
                removed++;
            }
        }

        await counters.ReplaceAllAsync(perShard, cancellationToken);
        return new RebuildReport(shown.Count, removed, perShard.Sum(s => s.Value.Count));
    }
}
