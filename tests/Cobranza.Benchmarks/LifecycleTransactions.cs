using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

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

    // The probe case's ladder starts at once, so the time to its first message is how soon new work starts.
    private const string ProbePolicy = "probe";
    private static readonly TimeSpan IdleBackoff = TimeSpan.FromMinutes(2);

    // How the counter names the outbox channel's blob writes (one per message sent; the lifecycle writes no other blob).
    private const string OutboxPut = "blob put";

    public static async Task RunAsync(int cases, TimeSpan idleWindow, TextWriter report)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?> { ["Cobranza:Durable:HubName"] = Hub });
        await PutPolicyAsync(app, Policy, firstWait: "PT1S");
        await PutPolicyAsync(app, ProbePolicy, firstWait: "PT0S");

        // One case first, uncounted, so that what runs once per process (JIT, template compilation) is not measured below.
        Expect(await app.PostSignedAsync("api/cases", CaseJson("WARM-UP"), BenchmarkApp.ErpSecret), 202);
        await WaitAsync(() => OutboxCountAsync(app), n => n >= 3, "the warm-up case's ladder");

        app.Counter.ByResource = Environment.GetEnvironmentVariable("COBRANZA_BENCH_BY_RESOURCE") == "1";
        // Idle: the listeners back off to their longest poll within two minutes; count what idling costs after that.
        // An idle window of 0 skips the idle measurement (and the back-off wait before it).
        var idle = new Dictionary<string, long>() as IReadOnlyDictionary<string, long>;
        if (idleWindow > TimeSpan.Zero)
        {
            await Task.Delay(IdleBackoff);
            app.Counter.Start();
            await Task.Delay(idleWindow);
            idle = app.Counter.Stop();
        }

        // After the idle window the listeners poll rarely: new work must still start at once.
        var posted = DateTimeOffset.UtcNow;
        Expect(await app.PostSignedAsync("api/cases", CaseJson("FIRST-WORK", ProbePolicy), BenchmarkApp.ErpSecret), 202);
        await WaitAsync(() => OutboxCountAsync(app), n => n >= 4, "the first message after the idle window");
        var firstWork = await FirstMessageAtAsync(app, "FIRST-WORK") - posted;
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
            $"New work after the idle window: a case opened by the ERP webhook, its first step due at once, had its first reminder in the outbox {firstWork.TotalMilliseconds:F0} ms after the POST."));
    }

    private static void Write(TextWriter report, int cases, TimeSpan elapsed, IReadOnlyDictionary<string, long> idle, TimeSpan idleWindow, IReadOnlyDictionary<string, long> counts)
    {
        const string EmptyPoll = "queue receive (empty)";
        var work = counts.Where(c => !c.Key.StartsWith(EmptyPoll, StringComparison.Ordinal)).ToList();
        var workTotal = work.Sum(c => c.Value);

        // The outbox channel writes each message as a blob; in production the channel is ACS, an HTTP call that is no
        // storage transaction. Those blob puts are reported, and left out of the total a deployment pays.
        var channel = work.Where(c => c.Key.StartsWith(OutboxPut, StringComparison.Ordinal)).Sum(c => c.Value);
        var storage = workTotal - channel;
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Reference lifecycle (open, 3 reminders by email, promise, payment, closed), {cases} cases together, {elapsed.TotalSeconds:F0} s:"));
        report.WriteLine();
        report.WriteLine("| operation | transactions | per case |");
        report.WriteLine("|---|---:|---:|");
        foreach (var (operation, count) in work.OrderByDescending(c => c.Value))
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {count} | {(double)count / cases:F2} |"));
        }

        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all but empty polls | {workTotal} | {(double)workTotal / cases:F2} |"));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **storage transactions with ACS as the channel** (all but empty polls and the outbox's message blobs) | **{storage}** | **{(double)storage / cases:F2}** |"));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| empty queue polls (the same with no case open) | {counts.Where(c => c.Key.StartsWith(EmptyPoll, StringComparison.Ordinal)).Sum(c => c.Value)} | — |"));
        report.WriteLine();
        var idleTotal = idle.Values.Sum();
        if (idleWindow > TimeSpan.Zero)
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Idle, nothing due, {idleWindow.TotalSeconds:F0} s: {idleTotal} transactions = {idleTotal / idleWindow.TotalMinutes:F0} a minute ({string.Join(", ", idle.OrderByDescending(i => i.Value).Select(i => $"{i.Key} {i.Value}"))})."));
        }
    }

    private static async Task PutPolicyAsync(BenchmarkApp app, string name, string firstWait)
    {
        var steps = new JsonArray();
        foreach (var (template, tone) in new[] { ("recordatorio-amable", "friendly"), ("recordatorio-firme", "firm"), ("aviso-formal", "formal") })
        {
            steps.Add(new JsonObject { ["wait"] = steps.Count == 0 ? firstWait : "PT1S", ["channels"] = new JsonArray("email"), ["template"] = template, ["tone"] = tone });
        }

        var policy = new JsonObject { ["steps"] = steps, ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" }, ["promiseGrace"] = "P2D" };
        Expect(await app.Client.PutAsync($"api/policies/{name}", Json(policy)), 200);
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

    internal static string PaymentJson(string id) => new JsonObject
    {
        ["paymentId"] = "PAY-" + id,
        ["invoiceId"] = id,
        ["amount"] = 1500.00m,
        ["currency"] = "MXN",
        ["paidAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    }.ToJsonString();

    // Progress is read with clients of its own, outside the counted pipeline.
    internal static async Task<int> OutboxCountAsync(BenchmarkApp app)
    {
        var count = 0;
        await foreach (var _ in app.Storage.CreateClients().Blobs.GetBlobContainerClient("outbox").GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>When the first message of <paramref name="invoiceId"/> was sent: the <c>sentAt</c> the outbox channel records in its blob.</summary>
    private static async Task<DateTimeOffset> FirstMessageAtAsync(BenchmarkApp app, string invoiceId)
    {
        var outbox = app.Storage.CreateClients().Blobs.GetBlobContainerClient("outbox");
        var first = DateTimeOffset.MaxValue;
        await foreach (var blob in outbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, invoiceId + "/", CancellationToken.None))
        {
            var record = JsonNode.Parse((await outbox.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString())!;
            var sentAt = DateTimeOffset.Parse(record["sentAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            first = sentAt < first ? sentAt : first;
        }

        return first;
    }

    internal static async Task<int> ClosedCountAsync(BenchmarkApp app, string hub = Hub)
    {
        var count = 0;
        var table = app.Storage.CreateClients().Tables.GetTableClient(hub + "Instances");
        await foreach (var _ in table.QueryAsync<TableEntity>("RowKey eq '!state' and State eq 'closed'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    internal static async Task WaitAsync(Func<Task<int>> read, Func<int, bool> done, string what)
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

    internal static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    internal static void Expect(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }

        response.Dispose();
    }
}
