using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;

namespace Cobranza.Benchmarks;

/// <summary>
/// One level of a replay sweep: the calls run with <see cref="InFlight"/> at a time, the fires a second they amount to,
/// the mean latency of each recorded operation's calls, and the CPU time this process and Azurite used meanwhile.
/// </summary>
public sealed record ReplayLevel(
    int InFlight, int Calls, int Failures, TimeSpan Elapsed, double FiresPerSecond, IReadOnlyDictionary<string, TimeSpan> MeanLatency, TimeSpan ProcessCpu, TimeSpan? AzuriteCpu);

/// <summary>
/// The raw ceiling of a recorded mix: the same storage calls (a <see cref="ReplayPlan"/> for <c>replayFires</c> fires)
/// issued directly with the SDK against the same storage, 1 to 64 at a time; the best rate of the sweep is the ceiling.
/// Each level is prepared and cleaned up untimed, so every level runs at the fill the app had. The sweep runs
/// <see cref="Rounds"/> times and each level keeps its best round: other work on the machine only ever slows a round.
/// </summary>
public static class FireMixReplay
{
    public const int Rounds = 2;

    public static readonly IReadOnlyList<int> InFlightLevels = [1, 2, 4, 8, 16, 32, 64];

    public static async Task<(IReadOnlyList<ReplayLevel> Levels, IReadOnlyList<string> NotReplayed)> SweepAsync(
        ReplayClients clients, IReadOnlyList<RecordedOperation> mix, int fires, int replayFires, AzuriteCpu azurite, CancellationToken cancellationToken)
    {
        var queues = mix.Where(o => o.Operation.StartsWith("queue ", StringComparison.Ordinal)).Select(o => o.Resource).Distinct().ToList();
        foreach (var queue in queues)
        {
            await clients.Queues.GetQueueClient(ReplayPlan.ReplayQueueName(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var levels = new Dictionary<int, ReplayLevel>();
        IReadOnlyList<string> notReplayed = [];
        try
        {
            foreach (var inFlight in Enumerable.Range(0, Rounds).SelectMany(_ => InFlightLevels))
            {
                var plan = ReplayPlan.Build(clients, mix, (double)replayFires / fires, $"replay{inFlight}", seed: inFlight);
                notReplayed = plan.NotReplayed;
                await RunAsync(plan.Prepare.Select(p => ("prepare", p)).ToList(), 16, null, cancellationToken);
                var latencies = new ConcurrentDictionary<string, (int Calls, TimeSpan Total)>(StringComparer.Ordinal);
                var (processCpu, azuriteCpu) = (Process.GetCurrentProcess().TotalProcessorTime, azurite.Read());
                var clock = Stopwatch.StartNew();
                var failures = await RunAsync(plan.Timed, inFlight, latencies, cancellationToken);
                clock.Stop();
                (processCpu, azuriteCpu) = (Process.GetCurrentProcess().TotalProcessorTime - processCpu, azurite.Read() - azuriteCpu);
                await RunAsync(plan.Cleanup.Select(c => ("cleanup", c)).ToList(), 16, null, cancellationToken);
                var level = new ReplayLevel(inFlight, plan.Timed.Count, failures, clock.Elapsed, replayFires / clock.Elapsed.TotalSeconds,
                    latencies.ToDictionary(l => l.Key, l => l.Value.Total / l.Value.Calls, StringComparer.Ordinal), processCpu, azuriteCpu);
                if (!levels.TryGetValue(inFlight, out var earlier) || level.FiresPerSecond > earlier.FiresPerSecond)
                {
                    levels[inFlight] = level;
                }
            }
        }
        finally
        {
            foreach (var queue in queues)
            {
                await clients.Queues.GetQueueClient(ReplayPlan.ReplayQueueName(queue)).DeleteIfExistsAsync(CancellationToken.None);
            }
        }

        return ([.. levels.Values.OrderBy(l => l.InFlight)], notReplayed);
    }

    /// <summary>
    /// Runs the calls with at most <paramref name="inFlight"/> at a time, adding each call's time to its kind in
    /// <paramref name="latencies"/>; returns how many failed (a failed call was still a transaction).
    /// </summary>
    private static async Task<int> RunAsync(
        IReadOnlyList<(string Kind, Func<CancellationToken, Task> Call)> calls,
        int inFlight,
        ConcurrentDictionary<string, (int Calls, TimeSpan Total)>? latencies,
        CancellationToken cancellationToken)
    {
        var failures = 0;
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (call, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await call.Call(ct);
            }
            catch (RequestFailedException)
            {
                Interlocked.Increment(ref failures);
            }

            var took = Stopwatch.GetElapsedTime(started);
            latencies?.AddOrUpdate(call.Kind, (1, took), (_, sum) => (sum.Calls + 1, sum.Total + took));
        });
        return failures;
    }
}
