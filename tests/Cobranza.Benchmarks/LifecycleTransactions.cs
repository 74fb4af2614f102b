using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks;

/// <summary>
/// Storage transactions per case for the reference lifecycle: open, three reminders, a promise, a payment, closed;
/// counted exactly (every request the app's storage clients send) for <c>cases</c> cases run together, and reported
/// by operation. Empty queue polls are reported apart: they cost the same whether one case or none is open. The idle
/// rate (transactions a minute with nothing due) is measured first, in the same run, then how soon a new case's first
/// reminder goes out after that idle time (one probe case, outside the counted lifecycle).
/// </summary>
public static class LifecycleTransactions
{
    private const string Hub = "bench";
    private const string Policy = "reference";
    private static readonly TimeSpan IdleBackoff = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(int cases, TimeSpan idleWindow, TextWriter report)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?> { ["Cobranza:Durable:HubName"] = Hub });
        await PutPolicyAsync(app);

        // One case first, uncounted, so that what runs once per process (JIT, template compilation) is not measured below.
        Expect(await app.PostSignedAsync("api/cases", CaseJson("WARM-UP"), BenchmarkApp.ErpSecret), 202);
        await WaitAsync(() => OutboxCountAsync(app), n => n >= 3, "the warm-up case's ladder");

        // Idle: the listeners back off to their longest poll within two minutes; count what idling costs after that.
        await Task.Delay(IdleBackoff);
        app.Counter.Start();
        await Task.Delay(idleWindow);
        var idle = app.Counter.Stop();

        // After the idle window the listeners poll rarely: new work must still start at once.
        var firstWork = Stopwatch.StartNew();
        Expect(await app.PostSignedAsync("api/cases", CaseJson("FIRST-WORK"), BenchmarkApp.ErpSecret), 202);
        await WaitAsync(() => OutboxCountAsync(app), n => n >= 4, "the first message after the idle window");
        firstWork.Stop();
        await WaitAsync(() => OutboxCountAsync(app), n => n >= 6, "the probe case's ladder");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var probeMessages = await OutboxCountAsync(app);

        var ids = Enumerable.Range(0, cases).Select(i => $"REF-{i:00000}").ToList();
        var clock = Stopwatch.StartNew();
        app.Counter.Start();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) => Expect(await app.PostSignedAsync("api/cases", CaseJson(id), BenchmarkApp.ErpSecret), 202));
        await WaitAsync(() => OutboxCountAsync(app), n => n >= probeMessages + 3 * cases, "three reminders per case");
        var promisedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            Expect(await app.Client.PostAsync($"api/cases/{id}/promises", Json(new JsonObject { ["promisedOn"] = promisedOn })), 200));
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            Expect(await app.PostSignedAsync("api/payments", PaymentJson(id), BenchmarkApp.PaymentsSecret), 202));
        await WaitAsync(() => ClosedCountAsync(app), n => n >= cases, "every case closed");

        // Work set off by the commits is part of the cost: above all the effect-recovery messages, which become
        // visible EffectRecoveryDelay (30 s) after each decision with effects and are then received and deleted.
        await Task.Delay(TimeSpan.FromSeconds(40));
        var counts = app.Counter.Stop();
        clock.Stop();

        Write(report, cases, clock.Elapsed, idle, idleWindow, counts);
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"New work after the idle window: a case opened by the ERP webhook had its first reminder in the outbox {firstWork.Elapsed.TotalMilliseconds:F0} ms after the POST."));
    }

    private static void Write(TextWriter report, int cases, TimeSpan elapsed, IReadOnlyDictionary<string, long> idle, TimeSpan idleWindow, IReadOnlyDictionary<string, long> counts)
    {
        const string EmptyPoll = "queue receive (empty)";
        var work = counts.Where(c => c.Key != EmptyPoll).ToList();
        var workTotal = work.Sum(c => c.Value);
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reference lifecycle (open, 3 reminders by email, promise, payment, closed), {cases} cases together, {elapsed.TotalSeconds:F0} s:"));
        report.WriteLine();
        report.WriteLine("| operation | transactions | per case |");
        report.WriteLine("|---|---:|---:|");
        foreach (var (operation, count) in work.OrderByDescending(c => c.Value))
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {count} | {(double)count / cases:F2} |"));
        }

        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **all but empty polls** | **{workTotal}** | **{(double)workTotal / cases:F2}** |"));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| empty queue polls (the same with no case open) | {counts.GetValueOrDefault(EmptyPoll)} | — |"));
        report.WriteLine();
        var idleTotal = idle.Values.Sum();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Idle, nothing due, {idleWindow.TotalSeconds:F0} s: {idleTotal} transactions = {idleTotal / idleWindow.TotalMinutes:F0} a minute ({string.Join(", ", idle.OrderByDescending(i => i.Value).Select(i => $"{i.Key} {i.Value}"))})."));
    }

    private static async Task PutPolicyAsync(BenchmarkApp app)
    {
        var steps = new JsonArray();
        foreach (var (template, tone) in new[] { ("recordatorio-amable", "friendly"), ("recordatorio-firme", "firm"), ("aviso-formal", "formal") })
        {
            steps.Add(new JsonObject { ["wait"] = "PT1S", ["channels"] = new JsonArray("email"), ["template"] = template, ["tone"] = tone });
        }

        var policy = new JsonObject { ["steps"] = steps, ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" }, ["promiseGrace"] = "P2D" };
        Expect(await app.Client.PutAsync($"api/policies/{Policy}", Json(policy)), 200);
    }

    /// <summary>The reference case (an overdue invoice, the debtor reachable by email) as the ERP webhook's body.</summary>
    internal static string CaseJson(string id, string policy = Policy)
    {
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        return new JsonObject
        {
            ["invoiceId"] = id,
            ["debtor"] = new JsonObject { ["id"] = "D-" + id, ["name"] = "Ana Pérez", ["email"] = "ana@example.com", ["language"] = "es-MX", ["timeZone"] = "America/Mexico_City" },
            ["amount"] = 1500.00m,
            ["currency"] = "MXN",
            ["issuedOn"] = dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["policy"] = policy,
        }.ToJsonString();
    }

    private static string PaymentJson(string id) => new JsonObject
    {
        ["paymentId"] = "PAY-" + id,
        ["invoiceId"] = id,
        ["amount"] = 1500.00m,
        ["currency"] = "MXN",
        ["paidAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    }.ToJsonString();

    // Progress is read with clients of its own, outside the counted pipeline.
    private static async Task<int> OutboxCountAsync(BenchmarkApp app)
    {
        var count = 0;
        await foreach (var _ in new BlobServiceClient(app.ConnectionString).GetBlobContainerClient("outbox").GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    private static async Task<int> ClosedCountAsync(BenchmarkApp app)
    {
        var count = 0;
        var table = new TableServiceClient(app.ConnectionString).GetTableClient(Hub + "Instances");
        await foreach (var _ in table.QueryAsync<TableEntity>("RowKey eq '!state' and State eq 'closed'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitAsync(Func<Task<int>> read, Func<int, bool> done, string what)
    {
        var giveUp = Stopwatch.StartNew();
        while (!done(await read()))
        {
            if (giveUp.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("Gave up waiting for " + what);
            }

            await Task.Delay(250);
        }
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static void Expect(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }

        response.Dispose();
    }
}
