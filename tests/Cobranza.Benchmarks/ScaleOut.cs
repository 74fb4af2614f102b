using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cobranza.Durable.Local;

namespace Cobranza.Benchmarks;

/// <summary>
/// <c>scaleout [cases]</c>: 1, 2 and 4 worker processes of the app (separate OS processes, Kestrel, production timings)
/// on one Azurite and one hub, as Function instances scaled out are, run the same workload: <c>cases</c> cases opened
/// through <c>POST /api/cases:batch</c> (the batches spread over the processes in turn, as a load balancer would), each
/// on a ladder of <see cref="Steps"/> e-mail steps <see cref="StepWait"/> apart. Each configuration gets a fresh
/// Azurite, so all three start at the same fill.
/// <list type="bullet">
/// <item>Exactly once: every case must end with exactly its steps' blobs in the outbox (<c>1-email.json</c> ...) and one
/// <c>messageSent</c> history entry per message; anything missing is lost, anything more is a duplicate.</item>
/// <item>Sharing: the outbox records no worker, so each process's own log tells what it sent: the message dispatcher's
/// "Message {id} of {invoice} sent on {channel}" line (Information), counted per process. A send retried by another
/// process after a crash would be counted twice there, and once in the outbox.</item>
/// <item>Diagnosis: each process also logs (Debug, timestamped) every timer message it writes, every decision it
/// commits and every timer it drops as stale; the first stuck case's lines from all processes are printed in time order.</item>
/// <item>Throughput: messages a second from the first batch request to the last message in the outbox (when messages are
/// lost: to the last one that came before <see cref="StallTimeout"/> without any).</item>
/// </list>
/// </summary>
public static partial class ScaleOut
{
    private const string Hub = "scaleout";
    private const string Policy = "scaleout";
    private const int Steps = 3;
    private const int BatchSize = 250;
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(90);

    private sealed record Outcome(int Workers, TimeSpan Intake, TimeSpan AllSent, ExactlyOnce Check, int StaleTimerDrops, IReadOnlyList<long> SentPerProcess, string Queues, IReadOnlyList<string> Complaints);

    /// <summary>Runs each configuration of <paramref name="workerCounts"/> ("1,2,4") in turn.</summary>
    public static async Task RunAsync(int cases, string workerCounts, TextWriter report)
    {
        var outcomes = new List<Outcome>();
        foreach (var workers in workerCounts.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)))
        {
            outcomes.Add(await RunOnceAsync(workers, cases));
        }

        Write(report, cases, outcomes);
    }

    private static async Task<Outcome> RunOnceAsync(int workers, int cases)
    {
        var clock = Stopwatch.StartNew();
        void Progress(string what) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{workers} workers, {clock.Elapsed.TotalSeconds,6:F1} s] {what}"));

        await using var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions());
        var settings = new Dictionary<string, string?>(AppClient.Credentials())
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Cobranza:Durable:HubName"] = Hub,
            ["Logging:LogLevel:Cobranza.Functions.Messaging.MessageDispatcher"] = "Information",
            // Timer messages written, decisions committed and stale timers dropped are logged (Debug) with the time,
            // so that a case whose ladder stopped can be traced.
            ["Logging:LogLevel:Cobranza.Durable.ControlQueueMessageHandler"] = "Debug",
            ["Logging:LogLevel:Cobranza.Durable.ControlQueueSender"] = "Debug",
            ["Logging:LogLevel:Cobranza.Durable.InstanceProcessor"] = "Debug",
            ["Logging:LogLevel:Cobranza.Durable.ControlQueueListener"] = "Debug",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        };
        var processes = await AppProcess.StartAllAsync(
            Enumerable.Range(0, workers).Select(i => ($"worker-{i}", (IReadOnlyDictionary<string, string?>)settings)),
            SentLine().IsMatch, TimerTrace().IsMatch);
        var clients = processes.Select(p => new AppClient(p.BaseAddress)).ToList();
        try
        {
            Progress($"processes {string.Join(", ", processes.Select(p => p.ProcessId))} started");
            await clients[0].PutPolicyAsync(Policy, LadderWorkload.PolicyJson(Steps, StepWait));
            var ids = Enumerable.Range(0, cases).Select(i => $"SCL-{i:D6}").ToList();
            var outbox = new OutboxContents(azurite.ConnectionString);

            var run = Stopwatch.StartNew();
            await LadderWorkload.OpenAsync(clients, ids, Policy, BatchSize);
            var intake = run.Elapsed;
            Progress($"{cases} cases opened in {intake.TotalSeconds:F1} s");
            // Done when every message is out; given up when none came for a while (what is missing then is lost).
            var (count, lastProgress, allSent) = (0, run.Elapsed, run.Elapsed);
            while (count < cases * Steps && run.Elapsed - lastProgress < StallTimeout)
            {
                await Task.Delay(200);
                var now = await outbox.CountAsync();
                (count, lastProgress, allSent) = now > count ? (now, run.Elapsed, run.Elapsed) : (count, lastProgress, allSent);
            }

            Progress($"outbox complete after {allSent.TotalSeconds:F1} s; checking each case");

            // A little longer, so that a duplicate sent late would still be seen.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var check = await CheckExactlyOnceAsync(clients[0], outbox, ids);
            var trace = processes.SelectMany(p => p.KeptLines.Select(l => (Process: p.Name, Line: l))).ToList();
            var staleDrops = trace.Count(t => t.Line.Contains("Dropped a stale timer", StringComparison.Ordinal));
            if (check.FirstProblem is { } problem)
            {
                // The stuck case's timer messages, commits and drops in every process, in time order (lines start with HH:mm:ss.fff).
                var stuckCase = problem.Split(' ')[0];
                var itsTrace = trace.Where(t => Regex.IsMatch(t.Line, $@"instance {Regex.Escape(stuckCase)}(\s|$)"))
                    .OrderBy(t => t.Line[..12], StringComparer.Ordinal)
                    .Select(t => $"{t.Line[..12]} {t.Process}: {Regex.Replace(t.Line[12..], @"^ ?dbug: \S+ ", "")}");
                check = check with { FirstProblem = problem + "; its timeline: [" + string.Join(" | ", itsTrace) + "]" };
            }

            var queues = await QueueDepthsAsync(azurite.ConnectionString);
            var complaints = processes.SelectMany(p => p.RecentOutput.Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)).Select(l => $"{p.Name}: {(l.Length > 200 ? l[..200] + "…" : l)}")).Take(3).ToList();
            return new Outcome(workers, intake, allSent, check, staleDrops, processes.Select(p => p.CountLines).ToList(), queues, complaints);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>The exactly-once check of every case.</summary>
    /// <param name="Lost">Expected messages missing from the outbox.</param>
    /// <param name="Duplicates">Messages more than once in the case's history, or not one of its steps' (the outbox cannot hold a name twice).</param>
    /// <param name="Unrecorded">Outbox messages the case does not record as sent.</param>
    /// <param name="StuckCases">Cases with a lost message.</param>
    private sealed record ExactlyOnce(int Lost, int Duplicates, int Unrecorded, int StuckCases, string? FirstProblem);

    private static async Task<ExactlyOnce> CheckExactlyOnceAsync(AppClient client, OutboxContents outbox, IReadOnlyList<string> ids)
    {
        var expected = Enumerable.Range(1, Steps).Select(s => $"{s}-email").ToList();
        var blobs = await outbox.ByInvoiceAsync();
        var (lost, duplicates, unrecorded, stuck) = (0, 0, 0, 0);
        var problems = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            var inOutbox = (blobs.GetValueOrDefault(id) ?? []).Select(b => b.Name.Replace(".json", "", StringComparison.Ordinal)).ToList();
            using var view = await client.GetCaseAsync(id);
            var c = view.RootElement;
            var recorded = c.GetProperty("history").EnumerateArray()
                .Where(h => h.GetProperty("type").GetString() == "messageSent")
                .Select(h => h.GetProperty("details").GetProperty("messageId").GetString()!)
                .ToList();
            if (expected.Except(inOutbox).Any())
            {
                // The listing above predates this case's read: a message the case records as sent now went to the
                // outbox before its record (a late one, not a lost one), so list this case's blobs again.
                inOutbox = (await outbox.ForInvoiceAsync(id)).Select(b => b.Replace(".json", "", StringComparison.Ordinal)).ToList();
            }

            var missing = expected.Except(inOutbox).Count();
            var extra = recorded.Count - recorded.Distinct().Count() + inOutbox.Concat(recorded).Distinct().Except(expected).Count();
            Interlocked.Add(ref lost, missing);
            Interlocked.Add(ref duplicates, extra);
            Interlocked.Add(ref unrecorded, inOutbox.Except(recorded).Count());
            if (missing > 0)
            {
                Interlocked.Increment(ref stuck);
            }

            if (missing + extra > 0)
            {
                var messages = string.Join(", ", c.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("id").GetString()} {m.GetProperty("status").GetString()}"));
                var history = string.Join(", ", c.GetProperty("history").EnumerateArray().TakeLast(4).Select(h => $"{h.GetProperty("type").GetString()} {h.GetProperty("at").GetDateTimeOffset():HH:mm:ss.fff}"));
                problems.Enqueue($"{id} outbox [{string.Join(", ", inOutbox.Order(StringComparer.Ordinal))}], state {c.GetProperty("state")}, step {c.GetProperty("currentStep")}, next action {c.GetProperty("nextActionAt")}, messages [{messages}], last history [{history}]");
            }
        });

        return new ExactlyOnce(lost, duplicates, unrecorded, stuck, problems.TryPeek(out var first) ? first : null);
    }

    private static void Write(TextWriter report, int cases, List<Outcome> outcomes)
    {
        var messages = cases * Steps;
        var baseline = messages / outcomes[0].AllSent.TotalSeconds;
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cases} cases through POST /api/cases:batch ({BatchSize} a request, spread over the processes), ladder of {Steps} e-mail steps {StepWait.TotalSeconds:F0} s apart: {messages} messages per configuration, a fresh Azurite each."));
        report.WriteLine();
        report.WriteLine("| worker processes | intake s | all sent s | messages/s | vs first row | lost (stuck cases) | duplicates | sends logged per process |");
        report.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in outcomes)
        {
            var rate = messages / o.AllSent.TotalSeconds;
            var shares = string.Join(" / ", o.SentPerProcess.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n} ({100.0 * n / Math.Max(1, o.SentPerProcess.Sum()):F0}%)")));
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {o.Workers} | {o.Intake.TotalSeconds:F1} | {o.AllSent.TotalSeconds:F1} | {rate:F0} | {rate / baseline:F2} | {o.Check.Lost} ({o.Check.StuckCases}) | {o.Check.Duplicates} | {shares} |"));
        }

        foreach (var o in outcomes)
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- {o.Workers} workers: {o.SentPerProcess.Sum()} sends logged for {messages - o.Check.Lost} messages in the outbox (a send repeated by an effect's recovery finds its blob and adds none); {o.Check.Unrecorded} outbox messages not recorded by their case; {o.StaleTimerDrops} stale timers dropped; control queues at the end {o.Queues}{(o.Check.FirstProblem is { } p ? $"; first stuck case: {p}" : "")}"));
            foreach (var complaint in o.Complaints)
            {
                report.WriteLine("  - " + complaint);
            }
        }
    }

    /// <summary>Approximate messages left in each control queue and its poison queue ("00: 3, poison 0").</summary>
    private static async Task<string> QueueDepthsAsync(string connectionString)
    {
        var queues = new Azure.Storage.Queues.QueueServiceClient(connectionString);
        var depths = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync(prefix: Hub + "-control-"))
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            depths.Add(string.Create(CultureInfo.InvariantCulture, $"{queue.Name[(Hub.Length + 1)..]} {properties.Value.ApproximateMessagesCount}"));
        }

        return "[" + string.Join(", ", depths) + "]";
    }

    [GeneratedRegex(@"Message \S+ of \S+ sent on ")]
    private static partial Regex SentLine();

    [GeneratedRegex("Dropped a stale timer|does not match its state yet|Enqueuing timer of instance|Committed a decision for instance")]
    private static partial Regex TimerTrace();
}
