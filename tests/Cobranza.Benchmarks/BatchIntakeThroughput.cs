using System.Diagnostics;
using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>
/// Cases opened through <c>POST /api/cases:batch</c> against the raw ceiling of the same storage (issue 7's target:
/// at least 0.7 of it).
/// <list type="number">
/// <item><b>The mix.</b> After a warm-up batch, <see cref="SampleCases"/> cases are opened through the batch API while
/// every storage request the app sends is recorded: per case, which requests on which table or queue, how large. The
/// mix is measured, never written down here, so the replay follows the runtime as it changes.</item>
/// <item><b>The raw side.</b> <see cref="RawStorageReplay"/> issues that mix with the Azure SDK on the same Azurite, one
/// set of requests per case; its own requests are recorded once and printed beside the app's, to show they match.</item>
/// <item><b>Rounds.</b> Each round first sweeps the raw side over 1 to 64 sets in flight; the best level is the
/// ceiling (each level is run up the sweep and down again, and the two rates averaged). Then each batch configuration
/// (requests in flight × lines) opens one wave of cases between two batches of raw sets at the best level, each a
/// quarter as many as the wave has cases.
/// Azurite slows down as it fills and the machine is shared, so only what is measured side by side is compared: each
/// such pair gives a ratio, and a configuration's ratio is the time its cases would take at the ceiling over the time
/// they took.</item>
/// </list>
/// The cases are on <see cref="FarPolicy"/> (first step in 30 days), so none of them does any work during the run.
/// </summary>
public static class BatchIntakeThroughput
{
    public const int SampleCases = 200;

    /// <summary>How many lines of one request the batch API opens at a time (its Parallelism).</summary>
    private const int BatchIntakeLinesInFlight = 16;
    private const int WarmUpCases = 100;
    private const int Rounds = 3;
    private static readonly int[] _inFlightLevels = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Each level of a sweep runs at most this long (at least two sets per request in flight): the slow levels are far from the ceiling anyway.</summary>
    private static readonly TimeSpan _levelBudget = TimeSpan.FromSeconds(2);

    /// <summary>How a wave of cases is sent: <c>InFlight</c> requests of <c>Units × unit</c> lines at once.</summary>
    private sealed record BatchConfig(int InFlight, int Units)
    {
        public int Lines(int unit) => Units * unit;

        public string Describe(int unit) => string.Create(CultureInfo.InvariantCulture, $"{InFlight} × {Lines(unit)} lines");
    }

    // With a unit of 512 lines (20,000 cases): one request of 512 lines, one of 2,048, two of 1,024, four of 512.
    private static readonly BatchConfig[] _configs = [new(1, 1), new(1, 4), new(2, 2), new(4, 1)];

    private sealed record Sweep(int Round, long StoredBefore, double[] Rates)
    {
        public int BestLevel => _inFlightLevels[Array.IndexOf(Rates, Rates.Max())];
    }

    private sealed record Pair(
        int Round, long StoredBefore, string Config, int Cases, TimeSpan AppTime, TimeSpan AppCpu, double TransactionsPerCase, int RawLevel, int RawSets, TimeSpan RawTime, TimeSpan RawCpu)
    {
        public double AppRate => Cases / AppTime.TotalSeconds;

        public double RawRate => RawSets / RawTime.TotalSeconds;

        public double Ratio => AppRate / RawRate;
    }

    public static async Task RunAsync(int cases, TextWriter report)
    {
        var unit = cases / (Rounds * _configs.Sum(c => c.InFlight * c.Units));
        if (unit < 5)
        {
            throw new ArgumentOutOfRangeException(nameof(cases), cases, "Too few cases for the rounds and configurations: at least 200.");
        }

        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?> { ["Cobranza:Durable:HubName"] = "bench" });
        app.Client.Timeout = TimeSpan.FromMinutes(30); // one request of thousands of lines may take minutes on a full Azurite
        await FarPolicy.PutAsync(app.Client);
        var next = 0;
        List<string> Ids(int count) => [.. Enumerable.Range(Interlocked.Add(ref next, count) - count, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"IN-{i:D6}"))];

        // What is done once per process (JIT, the first requests to each table) stays out of the mix and the rates.
        await CaseBatches.SendAsync(app.Client, BenchmarkApp.ErpSecret, CaseBatches.Bodies(Ids(WarmUpCases), FarPolicy.Name, WarmUpCases), 1);

        var sample = Ids(SampleCases);
        app.RequestLog.Start();
        var sampleClock = Stopwatch.StartNew();
        await CaseBatches.SendAsync(app.Client, BenchmarkApp.ErpSecret, CaseBatches.Bodies(sample, FarPolicy.Name, SampleCases), 1);
        sampleClock.Stop();
        var mix = StorageMix.Of(app.RequestLog.Stop(), SampleCases, sample);

        var replay = await RawStorageReplay.CreateAsync(app.ConnectionString, mix);
        replay.Log.Start();
        var (checkSets, _) = await replay.RunAsync(16, SampleCases, TimeSpan.MaxValue);
        var replayed = StorageMix.Of(replay.Log.Stop(), checkSets);
        long stored = WarmUpCases + SampleCases + checkSets; // cases and raw sets written so far

        report.WriteLine(Invariant($"Intake: {Rounds * _configs.Sum(c => c.InFlight * c.Lines(unit))} cases through POST /api/cases:batch against the raw ceiling, in {Rounds} rounds (after {WarmUpCases} warm-up and {SampleCases} sample cases); policy '{FarPolicy.Name}' (first step P30D: no case fires during the run)."));
        report.WriteLine();
        report.WriteLine(Invariant($"Storage requests of one case opened through the batch API ({SampleCases} cases recorded), and of one set of the raw replay ({checkSets} sets recorded, 16 in flight):"));
        report.WriteLine();
        mix.WriteTable(report, "case", replayed, "set");
        report.WriteLine();

        // The batch API opens 16 lines at a time, so a line lasted 16 × the request's time / its lines on average.
        var lineMs = BatchIntakeLinesInFlight * sampleClock.Elapsed.TotalMilliseconds / SampleCases;
        var storageMs = mix.Entries.Sum(e => e.PerUnit * e.MeanElapsed.TotalMilliseconds);
        report.WriteLine(Invariant($"In the sample ({SampleCases} lines in one request, {BatchIntakeLinesInFlight} opened at a time) a line took {lineMs:F1} ms on average; its {mix.PerUnit:F0} storage requests, one after the other, {storageMs:F1} ms of it ({storageMs / lineMs:P0})."));
        report.WriteLine();

        var sweeps = new List<Sweep>();
        var pairs = new List<Pair>();
        for (var r = 0; r < Rounds; r++)
        {
            // Up the levels and down again, averaged: neither end of the sweep always gets the fuller store or the quieter machine.
            var sweepStart = stored;
            var rates = _inFlightLevels.ToDictionary(l => l, _ => 0.0);
            foreach (var level in _inFlightLevels.Concat(_inFlightLevels.Reverse()))
            {
                var (sets, elapsed) = await replay.RunAsync(level, Math.Max(2 * level, unit), _levelBudget);
                rates[level] += sets / elapsed.TotalSeconds / 2;
                stored += sets;
            }

            var sweep = new Sweep(r + 1, sweepStart, [.. _inFlightLevels.Select(l => rates[l])]);
            sweeps.Add(sweep);
            Console.Error.WriteLine(Invariant($"round {sweep.Round}: sweep {string.Join(" ", sweep.Rates.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} sets/s"));

            // The configurations take turns being first in a round, so that none always meets the fullest store.
            for (var k = 0; k < _configs.Length; k++)
            {
                var config = _configs[(k + r) % _configs.Length];
                var waveCases = config.InFlight * config.Lines(unit);
                var bodies = CaseBatches.Bodies(Ids(waveCases), FarPolicy.Name, config.Lines(unit));
                var pairStart = stored;

                // Raw sets before and after the wave, a quarter of its cases each: a trend in fill or machine load cancels out.
                var cpu = CpuTime();
                var (setsBefore, rawBefore) = await replay.RunAsync(sweep.BestLevel, Math.Max(1, waveCases / 4), TimeSpan.MaxValue);
                var rawCpu = CpuTime() - cpu;
                app.Counter.Start();
                cpu = CpuTime();
                var clock = Stopwatch.StartNew();
                await CaseBatches.SendAsync(app.Client, BenchmarkApp.ErpSecret, bodies, config.InFlight);
                var appTime = clock.Elapsed;
                var appCpu = CpuTime() - cpu;
                var transactionsPerCase = (double)app.Counter.Stop().Where(c => c.Key != "queue receive (empty)").Sum(c => c.Value) / waveCases;
                cpu = CpuTime();
                var (setsAfter, rawAfter) = await replay.RunAsync(sweep.BestLevel, Math.Max(1, waveCases / 4), TimeSpan.MaxValue);
                rawCpu += CpuTime() - cpu;

                stored += waveCases + setsBefore + setsAfter;
                var pair = new Pair(r + 1, pairStart, config.Describe(unit), waveCases, appTime, appCpu, transactionsPerCase, sweep.BestLevel, setsBefore + setsAfter, rawBefore + rawAfter, rawCpu);
                pairs.Add(pair);
                Console.Error.WriteLine(Invariant($"round {pair.Round} {pair.Config}: app {pair.AppRate:F1} cases/s, raw {pair.RawRate:F1} sets/s at {pair.RawLevel} in flight, ratio {pair.Ratio:F2}"));
            }
        }

        Write(report, sweeps, pairs);
    }

    private static void Write(TextWriter report, List<Sweep> sweeps, List<Pair> pairs)
    {
        report.WriteLine("Sweeps of the raw side, sets/s with 1 to 64 sets in flight (stored: cases and raw sets written before it):");
        report.WriteLine();
        report.WriteLine("| round | stored | " + string.Join(" | ", _inFlightLevels.Select(l => $"{l}")) + " |");
        report.WriteLine("|---:|---:|" + string.Concat(_inFlightLevels.Select(_ => "---:|")));
        foreach (var s in sweeps)
        {
            var best = s.Rates.Max();
            report.WriteLine(Invariant($"| {s.Round} | {s.StoredBefore} | ") + string.Join(" | ", s.Rates.Select(x => x == best ? Invariant($"**{x:F1}**") : Invariant($"{x:F1}"))) + " |");
        }

        report.WriteLine();
        report.WriteLine("Pairs: a wave of cases through the batch API between two batches of raw sets (each a quarter as many) at the round's best level (stored: before the pair):");
        report.WriteLine();
        report.WriteLine("| round | stored | batch requests in flight × lines | app tx/case | app cases/s | app CPU ms/case | raw sets in flight | raw sets/s | raw CPU ms/set | ratio |");
        report.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in pairs)
        {
            report.WriteLine(Invariant($"| {p.Round} | {p.StoredBefore} | {p.Config} | {p.TransactionsPerCase:F2} | {p.AppRate:F1} | {p.AppCpu.TotalMilliseconds / p.Cases:F2} | {p.RawLevel} | {p.RawRate:F1} | {p.RawCpu.TotalMilliseconds / p.RawSets:F2} | {p.Ratio:F2} |"));
        }

        report.WriteLine();
        report.WriteLine("| batch requests in flight × lines | cases | ratio (time at the ceiling / time taken) | per round |");
        report.WriteLine("|---|---:|---:|---|");
        foreach (var group in pairs.GroupBy(p => p.Config))
        {
            report.WriteLine(Invariant($"| {group.Key} | {group.Sum(p => p.Cases)} | {PooledRatio(group):F2} | {string.Join(", ", group.Select(p => p.Ratio.ToString("F2", CultureInfo.InvariantCulture)))} |"));
        }

        var bestConfig = pairs.GroupBy(p => p.Config).MaxBy(PooledRatio)!;
        report.WriteLine();
        report.WriteLine(Invariant($"All pairs: the batch API opened {pairs.Sum(p => p.Cases)} cases in {pairs.Sum(p => p.AppTime.TotalSeconds):F1} s; at the ceiling measured beside each wave they take {pairs.Sum(CeilingSeconds):F1} s: ratio **{PooledRatio(pairs):F2}** (per pair {pairs.Min(p => p.Ratio):F2}–{pairs.Max(p => p.Ratio):F2}). Best configuration: {bestConfig.Key}, ratio **{PooledRatio(bestConfig):F2}**. Target: at least 0.70."));
    }

    /// <summary>CPU time of this process (the app, its client and the raw replay), to see what a case costs the machine beside the storage.</summary>
    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    private static double CeilingSeconds(Pair p) => p.Cases / p.RawRate;

    private static double PooledRatio(IEnumerable<Pair> pairs) => pairs.Sum(CeilingSeconds) / pairs.Sum(p => p.AppTime.TotalSeconds);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
