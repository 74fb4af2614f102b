using System.Globalization;
using System.Text;
using static Cobranza.Benchmarks.Baselines.BaselineCases;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// <c>baseline-scan [open=2000] [raceCases=200] [idleSeconds=120]</c>: the hand-written scanning job (<see cref="ScanJob"/>)
/// against Cobranza, on one Azurite in one run. (1) The job's storage transactions per sweep at open/4, open/2, open
/// and 2·open open cases, fitted to a line and extrapolated to a day at 10,000 and 100,000 open cases, beside
/// Cobranza's idle transactions a minute counted with <c>open</c> cases open in the app. (2) Messages sent after a
/// payment: payments at random moments against the job (sweeping every minute) and against the app (steps 10 s apart).
/// </summary>
internal static class ScanBaseline
{
    private static readonly TimeSpan IdleBackoff = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RaceWindow = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AppStepWait = TimeSpan.FromSeconds(10);
    private const int SweepsPerSize = 3;

    public static Task RunAsync(string[] args, TextWriter report) =>
        RunAsync(Arg(args, 0, 2000), Arg(args, 1, 200), TimeSpan.FromSeconds(Arg(args, 2, 120)), report);

    public static async Task RunAsync(int open, int raceCases, TimeSpan idleWindow, TextWriter report)
    {
        var started = DateTimeOffset.UtcNow;
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = "bench",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace", // the report alone on standard output
        });
        var cancel = CancellationToken.None;

        // One quick case first, uncounted, so that what runs once per process (JIT, templates) is not measured.
        await PutPolicyAsync(app, "warm", [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
        await OpenAsync(app, ["WARM-UP"], "warm");
        await LifecycleTransactions.WaitAsync(() => OutboxCountAsync(app, "WARM-"), n => n >= 3, "the warm-up case's ladder");

        // The app's open cases for its idle count: each has its first step 30 days away.
        await PutPolicyAsync(app, "idle", [TimeSpan.FromDays(30)]);
        await OpenAsync(app, Enumerable.Range(0, open).Select(i => string.Create(CultureInfo.InvariantCulture, $"IDLE-{i:000000}")).ToList(), "idle");

        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} payment race against the app");
        var appRace = await AppPaymentRace.RunAsync(app, raceCases, RaceWindow, AppStepWait, cancel);

        // The app idles (its listeners back off, then a counted window) while the scanning job works on the same
        // Azurite with clients of its own: the two counters never see each other's requests.
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} app idle window, scan sweeps and scan race meanwhile");
        var appIdle = IdleAsync(app, idleWindow);
        var sizes = new[] { open / 4, open / 2, open, open * 2 };
        var sweepCost = await ScanSweepCost.MeasureAsync(app.ConnectionString, sizes, SweepsPerSize, cancel);
        var scanRace = await ScanPaymentRace.RunAsync(app.ConnectionString, raceCases, RaceWindow, SweepInterval, cancel);
        var idle = await appIdle;

        report.Write(Report(started, open, idleWindow, sweepCost, idle, scanRace, appRace));
    }

    private static async Task<IReadOnlyDictionary<string, long>> IdleAsync(BenchmarkApp app, TimeSpan window)
    {
        await Task.Delay(IdleBackoff);
        app.Counter.Start();
        await Task.Delay(window);
        return app.Counter.Stop();
    }

    private static string Report(DateTimeOffset started, int open, TimeSpan idleWindow, List<ScanSweepCost.SizeResult> sweepCost, IReadOnlyDictionary<string, long> idle,
        (PaymentRaceResult Race, List<SweepResult> Sweeps, IReadOnlyDictionary<string, long> Transactions) scan, PaymentRaceResult appRace)
    {
        var text = new StringBuilder();
        text.Line($"baseline-scan, started {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine("Scanning job, one sweep with nothing due (every open row read, none sent):").AppendLine();
        text.AppendLine("| open cases | transactions per sweep | rows read per sweep | ms per sweep (Azurite) |");
        text.AppendLine("|---:|---:|---:|---:|");
        foreach (var s in sweepCost)
        {
            text.Line($"| {s.OpenCases} | {F(s.TransactionsPerSweep, "F2")} | {F(s.RowsReadPerSweep, "F0")} | {F(s.MillisecondsPerSweep, "F0")} |");
        }

        var (a, b) = ScanSweepCost.Fit(sweepCost.Select(s => ((double)s.OpenCases, s.TransactionsPerSweep)).ToList());
        var (ma, mb) = ScanSweepCost.Fit(sweepCost.Select(s => ((double)s.OpenCases, s.MillisecondsPerSweep)).ToList());
        var idleTotal = idle.Values.Sum();
        var idlePerDay = idleTotal / idleWindow.TotalMinutes * 1440;
        text.AppendLine();
        text.Line($"Least-squares fit: transactions per sweep = {F(a, "F3")} + {F(b * 1000, "F3")} per 1,000 open cases; ms per sweep = {F(ma, "F0")} + {F(mb * 1000, "F0")} per 1,000 open cases.");
        text.Line($"Cobranza idle in the same run, {open} cases open, nothing due, {F(idleWindow.TotalSeconds, "F0")} s: {idleTotal} transactions = {F(idleTotal / idleWindow.TotalMinutes, "F1")} a minute ({string.Join(", ", idle.OrderByDescending(i => i.Value).Select(i => $"{i.Key} {i.Value}"))}).");
        text.AppendLine().AppendLine("Extrapolated to one sweep a minute (1,440 a day), nothing due: by the fit, and by the rule the counts follow (one query page per 1,000 rows):").AppendLine();
        text.AppendLine("| open cases | scanning job, transactions a day (fit) | (one per 1,000-row page) | rows read a day | Cobranza idle, transactions a day (measured, flat) | job (pages) ÷ Cobranza |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var n in new[] { 10_000, 100_000 })
        {
            var pagesPerDay = Math.Ceiling(n / 1000.0) * 1440;
            text.Line($"| {n:N0} | {(a + b * n) * 1440:N0} | {pagesPerDay:N0} | {1440L * n:N0} | {idlePerDay:N0} | {F(pagesPerDay / idlePerDay, "F1")} |");
        }

        var race = scan.Race;
        var sent = scan.Sweeps.Sum(s => s.Sent);
        var scanTotal = scan.Transactions.Values.Sum();
        text.AppendLine().Line($"Messages after a payment ({F(race.Window.TotalSeconds, "F0")} s window, each case paid once at a random moment of it):").AppendLine();
        text.AppendLine("| design | cases | payments | messages sent in the window | sent after the payment was recorded | sent after the payment's writer had its answer | longest from the record to such a message (ms) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        text.Line($"| scanning job, a sweep every {F(SweepInterval.TotalSeconds, "F0")} s, every case due at each sweep | {race.Cases} | {race.Payments} | {race.MessagesInWindow} | {race.AfterRecorded} | {race.AfterAcknowledged} | {F(race.LongestAfterRecorded.TotalMilliseconds, "F0")} |");
        text.Line($"| Cobranza, steps {F(AppStepWait.TotalSeconds, "F0")} s apart | {appRace.Cases} | {appRace.Payments} | {appRace.MessagesInWindow} | {appRace.AfterRecorded} | {appRace.AfterAcknowledged} | {F(appRace.LongestAfterRecorded.TotalMilliseconds, "F0")} |");
        text.AppendLine();
        text.Line($"Scanning job during the race: {scan.Sweeps.Count} sweeps, {sent} messages, sweep times {string.Join(", ", scan.Sweeps.Select(s => F(s.Elapsed.TotalMilliseconds, "F0") + " ms"))}, {scan.Sweeps.Sum(s => s.Conflicts)} row updates refused after a payment; {scanTotal} transactions = {F((double)scanTotal / Math.Max(sent, 1), "F2")} per message ({string.Join(", ", scan.Transactions.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value}"))}).");
        return text.ToString();
    }
}
