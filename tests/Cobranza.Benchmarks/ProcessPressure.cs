using System.Diagnostics;

namespace Cobranza.Benchmarks;

/// <summary>What the benchmark process (the app runs in it) went through over a stretch of time.</summary>
/// <param name="Cpu">CPU time the process used.</param>
/// <param name="GcPause">Time the garbage collector paused the process.</param>
/// <param name="MeanQueuedWork">Thread-pool work items waiting for a thread, on average over 100 ms samples: continuations
/// of storage calls whose answer has arrived wait there, so a long queue makes every call look slow.</param>
/// <param name="MaxQueuedWork">The most work items seen waiting.</param>
/// <param name="MeanThreads">Thread-pool threads, on average.</param>
/// <param name="Wall">How long the stretch lasted.</param>
/// <param name="AzuriteCpu">CPU time Azurite used meanwhile, when it could be read.</param>
public sealed record ProcessPressureSummary(TimeSpan Cpu, TimeSpan GcPause, double MeanQueuedWork, long MaxQueuedWork, double MeanThreads, TimeSpan Wall, TimeSpan? AzuriteCpu);

/// <summary>Samples the process (and Azurite's CPU time) from a given moment until stopped (see <see cref="ProcessPressureSummary"/>).</summary>
public sealed class ProcessPressure
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<ProcessPressureSummary> _sampling;

    private ProcessPressure(DateTimeOffset from, AzuriteCpu azurite) => _sampling = SampleAsync(from, azurite, _stop.Token);

    public static ProcessPressure StartAt(DateTimeOffset from, AzuriteCpu azurite) => new(from, azurite);

    public async Task<ProcessPressureSummary> StopAsync()
    {
        await _stop.CancelAsync();
        var summary = await _sampling;
        _stop.Dispose();
        return summary;
    }

    private static async Task<ProcessPressureSummary> SampleAsync(DateTimeOffset from, AzuriteCpu azurite, CancellationToken stop)
    {
        var wait = from - DateTimeOffset.UtcNow;
        try
        {
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop);
        }
        catch (OperationCanceledException)
        {
            return new ProcessPressureSummary(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, TimeSpan.Zero, null); // Stopped before it began.
        }

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpu = azurite.Read();
        var gc = GC.GetTotalPauseDuration();
        long samples = 0, queued = 0, maxQueued = 0, threads = 0;
        while (!stop.IsCancellationRequested)
        {
            samples++;
            var pending = ThreadPool.PendingWorkItemCount;
            queued += pending;
            maxQueued = Math.Max(maxQueued, pending);
            threads += ThreadPool.ThreadCount;
            try
            {
                await Task.Delay(_interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new ProcessPressureSummary(
            Process.GetCurrentProcess().TotalProcessorTime - cpu,
            GC.GetTotalPauseDuration() - gc,
            samples == 0 ? 0 : (double)queued / samples,
            maxQueued,
            samples == 0 ? 0 : (double)threads / samples,
            clock.Elapsed,
            azurite.Read() - azuriteCpu);
    }
}
