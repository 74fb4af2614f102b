using System.Text;
using static Cobranza.Benchmarks.Baselines.BaselineCases;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// <c>baseline-hangfire [jobs=1000] [leadSeconds=45]</c>: the same burst of reminders through Cobranza (on Azurite) and
/// through Hangfire delayed jobs (on a PostgreSQL server started for the run), in one command. <c>jobs</c> cases, each
/// with 3 reminders: the first due at once for the whole burst, the next ones 1 s after the previous was sent. Cobranza
/// runs first; Hangfire then gets exactly the same first due times (shifted to its own start), once with its default
/// polling (15 s) and once polling every second. Throughput is all reminders over the time from the first due time
/// to the last send; lateness is send time minus due time.
/// </summary>
internal static class HangfireBaseline
{
    private const int Steps = 3;
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(1);

    public static Task RunAsync(string[] args, TextWriter report) => RunAsync(Arg(args, 0, 1000), TimeSpan.FromSeconds(Arg(args, 1, 45)), report);

    public static async Task RunAsync(int cases, TimeSpan lead, TextWriter report)
    {
        var started = DateTimeOffset.UtcNow;
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = "bench",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace", // the report alone on standard output
        });

        // One quick case first, uncounted, so that what runs once per process (JIT, templates) is not measured.
        await PutPolicyAsync(app, "warm", [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
        await OpenAsync(app, ["WARM-UP"], "warm");
        await LifecycleTransactions.WaitAsync(() => OutboxCountAsync(app, "WARM-"), n => n >= 3, "the warm-up case's ladder");

        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} Cobranza burst");
        var (appFires, opening) = await AppBurst.RunAsync(app, cases, Steps, lead, StepWait);
        var firstDue = appFires.Where(f => f.Step == 1).Min(f => f.DueAt);
        var offsets = appFires.Where(f => f.Step == 1).OrderBy(f => f.CaseId, StringComparer.Ordinal).Select(f => (f.CaseId, Offset: f.DueAt - firstDue)).ToList();

        var runs = new List<(string Design, List<ReminderFire> Fires)> { ($"Cobranza on Azurite (in memory)", appFires) };
        await using (var postgres = await PostgresServer.StartAsync())
        {
            foreach (var (schema, polling) in new[] { ("hangfire_15s", TimeSpan.FromSeconds(15)), ("hangfire_1s", TimeSpan.FromSeconds(1)) })
            {
                Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} Hangfire burst, polling {polling.TotalSeconds} s");
                var t0 = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
                var fires = await HangfireBurst.RunAsync(postgres.ConnectionString, app.ConnectionString, schema, polling,
                    offsets.Select(o => (o.CaseId, t0 + o.Offset)).ToList(), Steps, StepWait);
                runs.Add(($"Hangfire 1.8 on PostgreSQL 15 (local disk), polling {polling.TotalSeconds:F0} s", fires));
            }
        }

        report.Write(Report(started, cases, opening, offsets.Max(o => o.Offset), runs));
    }

    private static string Report(DateTimeOffset started, int cases, TimeSpan opening, TimeSpan spread, List<(string Design, List<ReminderFire> Fires)> runs)
    {
        var text = new StringBuilder();
        text.Line($"baseline-hangfire, started {started:yyyy-MM-dd HH:mm} UTC: {cases} cases x {Steps} reminders ({StepWait.TotalSeconds:F0} s after the previous was sent).");
        text.Line($"The {cases} cases opened in one batch in {opening.TotalSeconds:F1} s, so their first reminders fall due over {spread.TotalSeconds:F1} s; Hangfire's first reminders are scheduled at the same offsets.").AppendLine();
        text.AppendLine("| design | reminders sent | duplicates | first due → last sent (s) | reminders/s | lateness p50 (s) | p99 (s) | max (s) | min (s) | first reminders only: p50 / p99 / max (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var baseline = 0.0;
        foreach (var (design, fires) in runs)
        {
            var late = fires.Select(f => f.Lateness.TotalSeconds).Order().ToList();
            var first = fires.Where(f => f.Step == 1).Select(f => f.Lateness.TotalSeconds).Order().ToList();
            var span = (fires.Max(f => f.SentAt) - fires.Min(f => f.DueAt)).TotalSeconds;
            var duplicates = fires.Count - fires.Select(f => (f.CaseId, f.Step)).Distinct().Count();
            var rate = fires.Count / span;
            baseline = baseline == 0 ? rate : baseline;
            text.Line($"| {design} | {fires.Count} | {duplicates} | {F(span)} | {F(rate)} | {F(Percentile(late, 0.5), "F2")} | {F(Percentile(late, 0.99), "F2")} | {F(late[^1], "F2")} | {F(late[0], "F2")} | {F(Percentile(first, 0.5), "F2")} / {F(Percentile(first, 0.99), "F2")} / {F(first[^1], "F2")} |");
        }

        text.AppendLine();
        text.Line($"Throughput of each Hangfire run against Cobranza's in the same run: {string.Join(", ", runs.Skip(1).Select(r => $"{r.Design.Split(',')[^1].Trim()} {F(r.Fires.Count / (r.Fires.Max(f => f.SentAt) - r.Fires.Min(f => f.DueAt)).TotalSeconds / baseline, "F2")}×"))}.");
        return text.ToString();
    }
}
