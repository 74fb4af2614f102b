using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>Writes the timers benchmark's result as the Markdown that goes into docs/benchmarks.md.</summary>
public static class TimersReport
{
    private const double Target = 0.5;

    public static void Write(
        TextWriter report,
        TimersAtScale.Setup setup,
        IReadOnlyList<CaseFire> fires,
        IReadOnlyDictionary<string, long> counted,
        IReadOnlyList<RecordedOperation> recorded,
        IReadOnlyList<ReplayLevel> levels,
        IReadOnlyList<string> notReplayed,
        int replayFires,
        Func<DateTimeOffset, DateTimeOffset, double> appInFlight)
    {
        var n = setup.Due;
        var settings = setup.Settings.Count == 0 ? "defaults" : string.Join(", ", setup.Settings.Select(s => $"{s.Key}={s.Value}"));
        var local = TimeZoneInfo.ConvertTime(setup.DueAt, setup.Zone);
        Line(report, $"Timers at scale: {setup.Open} open cases, {n} of them due at {setup.DueAt:HH:mm:ss} UTC ({local:HH:mm} in the debtors' zone {setup.Zone.Id}, when their contact hours open); runtime settings: {settings}.");
        Line(report, $"- Opened through POST /api/cases:batch (100 lines a request, 4 requests at a time): the {setup.Open - n} not-due cases (first step P30D) in {setup.FarOpening.TotalSeconds:F1} s, then the {n} due cases in {setup.DueOpening.TotalSeconds:F1} s, {setup.OpenedBeforeDue.TotalSeconds:F0} s before due.");
        Line(report, $"- TimerDueAt read from {setup.DueTimesRead} state rows before the fire; {setup.ParkedInTable} timers were parked in the timers table (so a sweep moved them onto the queues).");

        var complete = fires.Where(f => f is { FiredAt: not null, SentAt: not null }).ToList();
        if (complete.Count < 2)
        {
            Line(report, $"Only {complete.Count} of {n} fires completed: nothing to measure.");
            return;
        }

        var firstFired = complete.Min(f => f.FiredAt!.Value);
        var lastFired = complete.Max(f => f.FiredAt!.Value);
        var lastSent = complete.Max(f => f.SentAt!.Value);
        var firesPerSecond = complete.Count / (lastSent - firstFired).TotalSeconds;
        var firedLate = complete.Select(f => f.FiredAt!.Value - f.DueAt).Order().ToList();
        var sentLate = complete.Select(f => f.SentAt!.Value - f.DueAt).Order().ToList();
        report.WriteLine();
        Line(report, $"Fires: {complete.Count} of {n} (missing: {n - complete.Count}; poison messages: {setup.PoisonMessages}). First step fired {Seconds(firstFired - setup.DueAt)} after due, last step fired {Seconds(lastFired - setup.DueAt)}, last message sent {Seconds(lastSent - setup.DueAt)}: **{firesPerSecond:F1} fires/s** (fires ÷ first step fired to last message sent).");
        report.WriteLine();
        report.WriteLine("| lateness behind due | p50 | p99 | max |");
        report.WriteLine("|---|---:|---:|---:|");
        Line(report, $"| step fired (history `stepFired`) | {Seconds(TimerFireTimes.Percentile(firedLate, 0.5))} | {Seconds(TimerFireTimes.Percentile(firedLate, 0.99))} | {Seconds(firedLate[^1])} |");
        Line(report, $"| message sent (history `messageSent`) | {Seconds(TimerFireTimes.Percentile(sentLate, 0.5))} | {Seconds(TimerFireTimes.Percentile(sentLate, 0.99))} | {Seconds(sentLate[^1])} |");

        var best = levels.MaxBy(l => l.FiresPerSecond)!;
        report.WriteLine();
        var work = recorded.Where(o => o.Operation != TappedRequest.EmptyReceive).OrderByDescending(o => o.Count).ToList();
        var tapTotal = work.Sum(o => o.Count);
        var counterTotal = counted.Where(c => c.Key != TappedRequest.EmptyReceive).Sum(c => c.Value);
        Line(report, $"Storage transactions, counted from {TimersAtScale.CountBefore.TotalSeconds:F0} s before due until the control queues were empty ({setup.CountWindow.TotalSeconds:F0} s), per fire:");
        report.WriteLine();
        Line(report, $"| operation [table, queue or container] | transactions | per fire | first – last (s after due) | ms per call, app | ms per call, raw at {best.InFlight} in flight |");
        report.WriteLine("|---|---:|---:|---|---:|---:|");
        foreach (var operation in work)
        {
            var (first, last) = operation.Span;
            var raw = best.MeanLatency.TryGetValue(operation.ToString(), out var rawLatency) ? $"{rawLatency.TotalMilliseconds:F1}" : "—";
            Line(report, $"| {operation} | {operation.Count} | {(double)operation.Count / n:F2} | {(first - setup.DueAt).TotalSeconds:F1} – {(last - setup.DueAt).TotalSeconds:F1} | {operation.MeanLatency.TotalMilliseconds:F1} | {raw} |");
        }

        Line(report, $"| **all but empty polls** | **{tapTotal}** | **{(double)tapTotal / n:F2}** | | | |");
        Line(report, $"| empty queue polls (the same with nothing due) | {counted.GetValueOrDefault(TappedRequest.EmptyReceive)} | — | | | |");
        report.WriteLine();
        Line(report, $"StorageTransactionCounter, same window: {counterTotal} transactions but empty polls = {(double)counterTotal / n:F2} per fire (the table above, by resource, saw {tapTotal}; requests it could not read: {setup.TapFailures}{(setup.TapFailure is null ? "" : ", " + setup.TapFailure)}).");

        report.WriteLine();
        Line(report, $"Raw replay of that mix, {replayFires} fires' worth of calls per level, against the same Azurite right after the burst (each level the best of {FireMixReplay.Rounds} rounds):");
        report.WriteLine();
        report.WriteLine("| in flight | calls | failed | seconds | fires/s | Azurite CPU, % of a core | benchmark process CPU, % of a core |");
        report.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            Line(report, $"| {level.InFlight} | {level.Calls} | {level.Failures} | {level.Elapsed.TotalSeconds:F2} | {level.FiresPerSecond:F1} | {Percent(level.AzuriteCpu, level.Elapsed)} | {Percent(level.ProcessCpu, level.Elapsed)} |");
        }

        var ratio = firesPerSecond / best.FiresPerSecond;
        report.WriteLine();
        Line(report, $"Ceiling {best.FiresPerSecond:F1} fires/s (at {best.InFlight} in flight). **Fires/s ÷ ceiling = {ratio:F2}** (target at least {Target:F1}: {(ratio >= Target ? "met" : "missed")}).");
        var burst = setup.Burst;
        Line(report, $"During the burst (first step fired to last message sent) the app had {appInFlight(firstFired, lastSent):F1} storage calls in flight on average. From the due instant to the last message sent ({burst.Wall.TotalSeconds:F1} s) the benchmark process (the app, with the tap) used {Percent(burst.Cpu, burst.Wall)} of a core ({burst.Cpu.TotalMilliseconds / n:F1} ms of CPU per fire) and Azurite {Percent(burst.AzuriteCpu, burst.Wall)} ({(setup.AzuriteIdleShare is { } idle ? $"{100 * idle:F0} %" : "—")} in the 50 s before due, nothing due); the process paused {burst.GcPause.TotalSeconds:F2} s for GC and had {burst.MeanQueuedWork:F1} thread-pool work items waiting on average (at most {burst.MaxQueuedWork}) with {burst.MeanThreads:F1} threads. Load average (1 min, 2 cores) after the burst {setup.BurstLoad}, after the replay {setup.ReplayLoad}.");
        if (notReplayed.Count > 0)
        {
            Line(report, $"Not replayed: {string.Join("; ", notReplayed)}.");
        }
    }

    private static string Percent(TimeSpan? cpu, TimeSpan wall) =>
        cpu is { } used && wall > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $"{100 * used / wall:F0} %") : "—";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F2} s");

    private static void Line(TextWriter report, FormattableString text) => report.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
