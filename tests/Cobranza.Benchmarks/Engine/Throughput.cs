using System.Diagnostics;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// How many operations ran in a wall-clock window, how much CPU time the whole process used meanwhile, and how much of
/// it the in-memory storage used to serve the app's requests (zero on Azurite, whose CPU is another process's).
/// </summary>
public sealed record Throughput(int Count, TimeSpan Wall, TimeSpan Cpu, TimeSpan StorageCpu)
{
    public double PerSecond => Count / Wall.TotalSeconds;

    /// <summary>Operations per second of one core: the rate a fully used core would give.</summary>
    public double PerCpuSecond => Count / Cpu.TotalSeconds;

    /// <summary>The app's own CPU: the process's less the in-memory storage's.</summary>
    public TimeSpan AppCpu => Cpu - StorageCpu;

    /// <summary>Operations per second of one core, the storage's share of the CPU left out.</summary>
    public double PerAppCpuSecond => Count / AppCpu.TotalSeconds;

    /// <summary>Cores busy on average (CPU time over wall time; 2 at most here).</summary>
    public double Cores => Cpu.TotalSeconds / Wall.TotalSeconds;

    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Times <paramref name="work"/> (wall and process CPU).</summary>
    public static async Task<Throughput> MeasureAsync(int count, Func<TimeSpan> storageCpu, Func<Task> work)
    {
        var (cpu, storage) = (ProcessCpu(), storageCpu());
        var wall = Stopwatch.StartNew();
        await work();
        wall.Stop();
        return new Throughput(count, wall.Elapsed, ProcessCpu() - cpu, storageCpu() - storage);
    }

    /// <summary>
    /// Polls <paramref name="progress"/> and measures from the moment it first passes <paramref name="from"/> (the
    /// first operation done) to the moment it reaches <paramref name="from"/> + <paramref name="count"/> (the last).
    /// </summary>
    public static async Task<Throughput> WatchAsync(Func<long> progress, long from, int count, Func<TimeSpan> storageCpu, TimeSpan giveUp)
    {
        var clock = Stopwatch.StartNew();
        while (progress() <= from)
        {
            Check(clock, giveUp, "the first operation");
            await Task.Delay(2);
        }

        var (start, cpu, storage) = (clock.Elapsed, ProcessCpu(), storageCpu());
        while (progress() < from + count)
        {
            Check(clock, giveUp, "the last operation");
            await Task.Delay(2);
        }

        // The first operation finished before the window opened, so it is not counted.
        return new Throughput(count - 1, clock.Elapsed - start, ProcessCpu() - cpu, storageCpu() - storage);
    }

    private static void Check(Stopwatch clock, TimeSpan giveUp, string what)
    {
        if (clock.Elapsed > giveUp)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {giveUp}.");
        }
    }
}
