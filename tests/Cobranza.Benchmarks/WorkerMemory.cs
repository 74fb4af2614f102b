using System.Globalization;
using Cobranza.Durable.Local;

namespace Cobranza.Benchmarks;

/// <summary>
/// Worker memory against the number of open cases (issue 7's target: the same within 10% at 2,000 and 20,000). The
/// app runs as a worker process of its own (<see cref="MeasuredAppProcess"/>) with its production defaults on its own Azurite;
/// its resident set (VmRSS) is read from /proc a few times once the worker has settled (listeners and timer pump
/// running, nothing due: the cases are on <see cref="FarPolicy"/>), and the median kept; beside it the resident part of
/// the GC's address range (<see cref="MeasuredAppProcess.ManagedHeapResidentBytes"/>), to tell the managed heap from the rest.
/// <list type="bullet">
/// <item>The worker that opened the cases (through the batch API) is measured with none, with <c>small</c> and with
/// <c>large</c> open: a long-running worker.</item>
/// <item>At each size a fresh worker is started on the same storage and measured too: what a worker needs with that
/// many cases in storage, without what intake left behind in its heap.</item>
/// </list>
/// </summary>
public static class WorkerMemory
{
    private const int LinesPerRequest = 1000;
    private const int RequestsInFlight = 2;
    private const int Samples = 5;
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _betweenSamples = TimeSpan.FromSeconds(2);

    private sealed record Reading(int OpenCases, string Worker, long MedianBytes, IReadOnlyList<long> Samples, long ManagedHeapBytes);

    public static async Task RunAsync(int small, int large, TextWriter report)
    {
        if (small < 1 || large <= small)
        {
            throw new ArgumentOutOfRangeException(nameof(large), large, "Two sizes, the second larger: memory [small] [large].");
        }

        await using var azurite = await AzuriteLauncher.StartAsync();
        var settings = new Dictionary<string, string?> { ["Cobranza:Durable:HubName"] = "bench" };
        var readings = new List<Reading>();
        await using (var worker = await MeasuredAppProcess.StartAsync(azurite.ConnectionString, settings))
        {
            await FarPolicy.PutAsync(worker.Client);
            readings.Add(await ReadAsync(worker, 0, "the worker that opens the cases"));
            foreach (var (from, to) in new[] { (0, small), (small, large) })
            {
                var ids = Enumerable.Range(from, to - from).Select(i => string.Create(CultureInfo.InvariantCulture, $"MEM-{i:D6}"));
                foreach (var wave in ids.Chunk(LinesPerRequest * RequestsInFlight))
                {
                    await CaseBatches.SendAsync(worker.Client, BenchmarkApp.ErpSecret, CaseBatches.Bodies(wave, FarPolicy.Name, LinesPerRequest), RequestsInFlight);
                    Console.Error.WriteLine(Invariant($"{DateTimeOffset.UtcNow:HH:mm:ss} opened up to {wave[^1]}"));
                }

                readings.Add(await ReadAsync(worker, to, "the worker that opens the cases"));

                // A worker started now finds the same storage: the process that opened the cases keeps running beside it, idle.
                await using var fresh = await MeasuredAppProcess.StartAsync(azurite.ConnectionString, settings);
                readings.Add(await ReadAsync(fresh, to, "a fresh worker"));
            }
        }

        Write(report, small, large, readings);
    }

    private static async Task<Reading> ReadAsync(MeasuredAppProcess worker, int openCases, string which)
    {
        await Task.Delay(_settle);
        var samples = new List<long>();
        var heaps = new List<long>();
        for (var i = 0; i < Samples; i++)
        {
            if (i > 0)
            {
                await Task.Delay(_betweenSamples);
            }

            samples.Add(worker.ResidentBytes());
            heaps.Add(worker.ManagedHeapResidentBytes());
        }

        var reading = new Reading(openCases, which, samples.Order().ElementAt(Samples / 2), samples, heaps.Order().ElementAt(Samples / 2));
        Console.Error.WriteLine(Invariant($"{which}, {openCases} open cases: RSS {Mib(reading.MedianBytes):F1} MiB, managed heap {Mib(reading.ManagedHeapBytes):F1} MiB"));
        return reading;
    }

    private static void Write(TextWriter report, int small, int large, List<Reading> readings)
    {
        report.WriteLine(Invariant($"Worker RSS (VmRSS, median of {Samples} readings {_betweenSamples.TotalSeconds:F0} s apart, {_settle.TotalSeconds:F0} s after the last change), cases opened through the batch API ({LinesPerRequest} lines a request, {RequestsInFlight} in flight), policy '{FarPolicy.Name}' (nothing due):"));
        report.WriteLine();
        report.WriteLine("| open cases | worker | RSS MiB (median) | readings MiB | of which managed heap MiB (median) |");
        report.WriteLine("|---:|---|---:|---|---:|");
        foreach (var r in readings)
        {
            report.WriteLine(Invariant($"| {r.OpenCases} | {r.Worker} | {Mib(r.MedianBytes):F1} | {string.Join(", ", r.Samples.Select(s => Mib(s).ToString("F1", CultureInfo.InvariantCulture)))} | {Mib(r.ManagedHeapBytes):F1} |"));
        }

        report.WriteLine();
        foreach (var worker in readings.Select(r => r.Worker).Distinct())
        {
            var atSmall = readings.Single(r => r.Worker == worker && r.OpenCases == small).MedianBytes;
            var atLarge = readings.Single(r => r.Worker == worker && r.OpenCases == large).MedianBytes;
            report.WriteLine(Invariant($"- {worker}: {large} / {small} open cases = {Mib(atLarge):F1} / {Mib(atSmall):F1} MiB = **{(double)atLarge / atSmall:F2}** (target: at most 1.10)."));
        }
    }

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
