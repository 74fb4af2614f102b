using System.Diagnostics;

namespace Cobranza.Benchmarks;

/// <summary>
/// An open-loop load at a fixed rate: request n is due at start + n / rate and starts then whatever earlier requests are
/// doing, and its latency runs from that due time, not from when it was sent. A slow response therefore cannot hold
/// back the requests behind it and hide their waiting (no coordinated omission).
/// <para>
/// Two kinds of request share the schedule in alternating slices of <c>slice</c> (A, B, A, B, ...), so that both see
/// the same storage fill and the same background work, and together never exceed the rate.
/// </para>
/// </summary>
public static class OpenLoopLoad
{
    /// <summary>What the client itself did: how late it started requests (it must stay far below the latencies it reports), and failures.</summary>
    public sealed record Outcome(TimeSpan MaxStartLag, int FailuresA, int FailuresB, string? FirstFailure);

    /// <summary>
    /// Runs <paramref name="perKind"/> requests of each kind at <paramref name="rate"/> a second. <paramref name="runA"/>
    /// and <paramref name="runB"/> get the kind's own request number and return a clean-up to run after the timing.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        double rate, TimeSpan slice, int perKind,
        Func<int, Task<Func<Task>?>> runA, LatencySample a,
        Func<int, Task<Func<Task>?>> runB, LatencySample b)
    {
        var running = new List<Task>();
        var failures = new int[2];
        string? firstFailure = null;
        var (sentA, sentB) = (0, 0);
        var maxLag = TimeSpan.Zero;
        var start = Stopwatch.GetTimestamp();
        for (var n = 0L; sentA < perKind || sentB < perKind; n++)
        {
            var dueAfter = TimeSpan.FromSeconds(n / rate);
            var isA = (long)(dueAfter / slice) % 2 == 0;
            if ((isA && sentA >= perKind) || (!isA && sentB >= perKind))
            {
                continue;
            }

            var wait = dueAfter - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var due = start + (long)(dueAfter.TotalSeconds * Stopwatch.Frequency);
            var lag = Stopwatch.GetElapsedTime(due);
            maxLag = lag > maxLag ? lag : maxLag;
            var (run, sample, number, kind) = isA ? (runA, a, sentA++, 0) : (runB, b, sentB++, 1);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var cleanUp = await run(number);
                    sample.Add(Stopwatch.GetElapsedTime(due));
                    if (cleanUp is not null)
                    {
                        await cleanUp();
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failures[kind]);
                    Interlocked.CompareExchange(ref firstFailure, $"{sample.Name} #{number}: {e.GetType().Name}: {e.Message}", null);
                }
            }));
        }

        await Task.WhenAll(running);
        return new Outcome(maxLag, failures[0], failures[1], firstFailure);
    }
}
