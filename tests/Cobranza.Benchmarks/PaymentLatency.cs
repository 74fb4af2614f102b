using System.Diagnostics;
using System.Globalization;
using Cobranza.Durable;
using Cobranza.Durable.Local;

namespace Cobranza.Benchmarks;

/// <summary>
/// <c>latency [open] [rate] [seconds] [stepSeconds]</c>: the payment webhook at a fixed rate, open loop, over real HTTP
/// on loopback to the app running as its own process (Kestrel), while its cases are in the middle of a ladder whose
/// steps are <c>stepSeconds</c> apart; against the raw latency of the storage calls one payment makes, replayed with the
/// SDK on the same Azurite at the same rate, in alternating slices of the same run. Then, case by case, that nothing
/// went out after the payment that closed it.
/// <list type="number">
/// <item>Azurite and the app process start; <c>open</c> cases (plus a few probe cases) open through the batch intake.
/// Every case gets <c>ceil(rate × seconds / open)</c> equal payments in the run, the last of which closes it, so the
/// same number of cases is open when the load starts and each payment is a real one.</item>
/// <item>Once every case has sent its first message, the probe cases are paid the same way through the app in this
/// process with a <see cref="StorageCallRecorder"/>: the calls of a payment that leaves a balance and of one that
/// closes the case (the most frequent sequence of each; none is assumed).</item>
/// <item>Load: <c>rate</c> requests a second for 2 × <c>seconds</c>, in slices of <see cref="Slice"/> alternating between
/// the app's <c>POST /api/payments</c> and the SDK replay of the recorded sequence of the same kind.</item>
/// <item>After 40 s (so that effects retried through their 30 s recovery message are done too), the check.</item>
/// </list>
/// </summary>
public static class PaymentLatency
{
    private const string Hub = "latency";
    private const string Policy = "latency";
    private const int ProbeCases = 5;
    private const int WarmUps = 10;
    private const int LadderSteps = 20;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    public static async Task RunAsync(int open, double rate, int seconds, int stepSeconds, TextWriter report)
    {
        var payments = (int)(rate * seconds);
        var perCase = (payments + open - 1) / open;
        var ids = Enumerable.Range(0, open).Select(i => $"LAT-{i:D6}").ToList();
        var probes = Enumerable.Range(0, ProbeCases).Select(i => $"PROBE-{i}").ToList();
        var warmUps = Enumerable.Range(0, WarmUps).Select(i => $"WARM-{i}").ToList();
        var clock = Stopwatch.StartNew();
        void Progress(string what) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:F1} s] {what}"));

        await using var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions());
        var settings = new Dictionary<string, string?>(AppClient.Credentials())
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Cobranza:Durable:HubName"] = Hub,
        };
        await using var app = await AppProcess.StartAsync("app", settings);
        using var client = new AppClient(app.BaseAddress);
        Progress($"Azurite and the app process (pid {app.ProcessId}) started");

        await client.PutPolicyAsync(Policy, LadderWorkload.PolicyJson(LadderSteps, TimeSpan.FromSeconds(stepSeconds)));
        await LadderWorkload.OpenAsync([client], [.. ids, .. probes, .. warmUps], Policy, batchSize: 250);
        Progress($"{open + ProbeCases + WarmUps} cases opened through the batch intake");
        var outbox = new OutboxContents(azurite.ConnectionString);
        await WaitForAsync(async () => (await outbox.ByInvoiceAsync()).Count >= open + ProbeCases + WarmUps, "every case's first message");
        Progress("every case sent its first message");

        // Which storage calls a payment makes, by kind, recorded through the app in process on the same storage.
        var recorded = new Dictionary<bool, List<IReadOnlyList<RecordedStorageCall>>> { [false] = [], [true] = [] };
        await using (var probe = PaymentCallProbe.Start(azurite, Hub))
        {
            foreach (var id in probes)
            {
                for (var k = 0; k < perCase; k++)
                {
                    recorded[k == perCase - 1].Add(await probe.PayAsync($"PAY-{id}-{k}", id, Amount(k, perCase)));
                }
            }
        }

        var sequences = recorded.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => MostFrequent(r.Value));
        var clients = new StorageClients(azurite.ConnectionString);
        var replay = new StorageCallReplay(clients);
        foreach (var (closing, sequence) in sequences)
        {
            await replay.PrepareAsync(sequence, Enumerable.Range(0, payments).Where(j => IsClosing(j, open, perCase) == closing));
            await replay.PrepareAsync(sequence, Enumerable.Range(payments + (closing ? WarmUps : 0), WarmUps));
        }

        // Warm-up, untimed: the payment path of the app process and the replay's SDK calls run once before they are timed (JIT).
        foreach (var (id, i) in warmUps.Select((id, i) => (id, i)))
        {
            using var response = await client.PostSignedAsync("api/payments", LadderWorkload.PaymentJson($"PAY-{id}", id, LadderWorkload.CaseAmount), BenchmarkApp.PaymentsSecret);
            await AppClient.ExpectAsync(response, 202);
            foreach (var (closing, sequence) in sequences)
            {
                await (await replay.RunAsync(sequence, payments + (closing ? WarmUps : 0) + i))();
            }
        }

        Progress("payment sequences recorded; load starts");

        var appLatency = new LatencySample("app: POST /api/payments");
        var rawLatency = new LatencySample("raw: the same storage calls with the SDK");
        var loadBefore = MachineLoad();
        var sentBefore = await outbox.CountAsync();
        var load = Stopwatch.StartNew();
        var outcome = await OpenLoopLoad.RunAsync(rate, Slice, payments,
            async n =>
            {
                var (invoiceId, k) = (ids[n % open], n / open);
                using var response = await client.PostSignedAsync("api/payments", LadderWorkload.PaymentJson($"PAY-{invoiceId}-{k}", invoiceId, Amount(k, perCase)), BenchmarkApp.PaymentsSecret);
                await AppClient.ExpectAsync(response, 202);
                return null;
            },
            appLatency,
            async n => await replay.RunAsync(sequences[IsClosing(n, open, perCase)], n),
            rawLatency);
        var background = (await outbox.CountAsync() - sentBefore) / load.Elapsed.TotalSeconds;
        var machine = $"load average {loadBefore} at the start, {MachineLoad()} at the end";
        Progress($"load done; waiting {Settle.TotalSeconds:F0} s for retried effects");
        await Task.Delay(Settle);
        var check = await MessagesAfterPayment.CheckAsync(client, outbox, ids);
        Progress("checked");

        Write(report, open, rate, seconds, stepSeconds, perCase, recorded, sequences, appLatency, rawLatency, outcome, background, machine, check);
    }

    /// <summary>Payment k of a case's <paramref name="perCase"/>: equal parts, the last one what is left.</summary>
    private static decimal Amount(int k, int perCase)
    {
        var part = Math.Round(LadderWorkload.CaseAmount / perCase, 2, MidpointRounding.ToZero);
        return k < perCase - 1 ? part : LadderWorkload.CaseAmount - (part * (perCase - 1));
    }

    private static bool IsClosing(int n, int open, int perCase) => n / open == perCase - 1;

    private static IReadOnlyList<RecordedStorageCall> MostFrequent(List<IReadOnlyList<RecordedStorageCall>> sequences) =>
        sequences.GroupBy(Signature).OrderByDescending(g => g.Count()).First().First();

    private static string Signature(IReadOnlyList<RecordedStorageCall> sequence) => string.Join(" → ", sequence.Select(c => c.Signature));

    private static void Write(
        TextWriter report, int open, double rate, int seconds, int stepSeconds, int perCase,
        Dictionary<bool, List<IReadOnlyList<RecordedStorageCall>>> recorded, Dictionary<bool, IReadOnlyList<RecordedStorageCall>> sequences,
        LatencySample app, LatencySample raw, OpenLoopLoad.Outcome outcome, double background, string machine, MessagesAfterPayment.Result check)
    {
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST /api/payments at {rate} requests/s, open loop, {open} cases mid-ladder (steps {stepSeconds} s apart), {perCase} payment(s) per case, the last closing it; app and raw replay in alternating {Slice.TotalSeconds:F0} s slices, {seconds} s each."));
        report.WriteLine();
        foreach (var (closing, all) in recorded.Where(r => r.Value.Count > 0))
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Storage calls of one payment that {(closing ? "closes the case" : "leaves a balance")} (recorded {all.Count} times, replayed: the most frequent):"));
            foreach (var variant in all.GroupBy(Signature).OrderByDescending(g => g.Count()))
            {
                report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {variant.Count()}×: {variant.Key}"));
            }

            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  by operation: {string.Join(", ", sequences[closing].GroupBy(c => c.Operation).Select(g => $"{g.Key} {g.Count()}"))}"));
        }

        report.WriteLine();
        report.WriteLine(LatencySample.Header);
        report.WriteLine(app.Row());
        report.WriteLine(raw.Row());
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **app ÷ raw** | | **{app.Percentile(50) / raw.Percentile(50):F2}** | **{app.Percentile(90) / raw.Percentile(90):F2}** | **{app.Percentile(99) / raw.Percentile(99):F2}** | **{app.Percentile(100) / raw.Percentile(100):F2}** |"));
        report.WriteLine();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load client: started requests at most {outcome.MaxStartLag.TotalMilliseconds:F1} ms late; failures app {outcome.FailuresA}, raw {outcome.FailuresB}{(outcome.FirstFailure is { } f ? $" (first: {f})" : "")}. Meanwhile the ladder sent {background:F1} messages/s; machine {machine}."));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Target app p99 ≤ 2 × raw p99: {(app.Percentile(99) <= 2 * raw.Percentile(99) ? "met" : "missed")} ({app.Percentile(99) / raw.Percentile(99):F2}×)."));
        report.WriteLine();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Messages after payment: **{check.MessagesAfterPayment}** in {check.CasesClosedByPayment} cases closed by a payment ({check.CasesNotClosed} not closed)."));
        foreach (var example in check.Examples)
        {
            report.WriteLine("- " + example);
        }

        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mid-ladder evidence: each case had sent {check.MinMessagesBeforePayment}–{check.MeanMessagesBeforePayment:F1} (min–mean) messages before its closing payment; {check.MessagesBetweenFirstAndClosingPayment} messages went out between a case's first and closing payment (the ladder goes on while a balance remains); {check.CancelledAfterPayment} messages were cancelled after the closing payment (decided before it, stopped by it); {check.RecordedAfterButSentBefore} were sent before the payment and recorded after it."));
    }

    /// <summary>The 1-minute load average (the machine is shared: this says how contended the run was).</summary>
    private static string MachineLoad() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var giveUp = Stopwatch.StartNew();
        while (!await done())
        {
            if (giveUp.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("Gave up waiting for " + what);
            }

            await Task.Delay(500);
        }
    }
}
