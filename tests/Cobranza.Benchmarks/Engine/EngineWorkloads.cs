using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Cobranza.Functions.Http;

namespace Cobranza.Benchmarks.Engine;

/// <summary>What the timer workload measured: the fires, then (if asked) the effect-recovery messages each fire left behind.</summary>
public sealed record FireResult(Throughput Fires, Throughput? Recovery);

/// <summary>What the webhook workload measured: cases opened (<c>POST /api/cases</c>), then paid (<c>POST /api/payments</c>).</summary>
public sealed record EventResult(Throughput Opens, Throughput Payments);

/// <summary>
/// The two workloads of the engine benchmark, each on a given storage (in memory or Azurite) with the app in process.
/// Timer fires: cases are opened by an app whose worker is off, so that all their first reminders (the outbox
/// channel, a policy without contact rules: any hour goes) are due together when a second app with its worker on
/// starts; a fire is done when its message went out and its completion was committed. Webhook events: signed
/// requests, many in flight, prepared beforehand so that the client's own work in the window is only the send.
/// </summary>
public static class EngineWorkloads
{
    public const string Hub = "engine";
    private const string NearPolicy = "engine-near";
    private const string FarPolicy = "engine-far";
    private const int InFlight = 64;

    /// <summary>Transactions per fire: the fire's decision, the provider-message index, the message's completion.</summary>
    private const int TransactionsPerFire = 3;

    private static readonly TimeSpan _giveUp = TimeSpan.FromMinutes(10);

    /// <summary>The runtime's settings of these runs; the rest are the defaults (DurableOptions).</summary>
    public static Dictionary<string, string?> Settings(bool worker, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = Hub,
            ["Cobranza:Durable:Enabled"] = worker ? "true" : "false",

        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <param name="measureRecovery">
    /// Also wait for the recovery message each fire leaves (visible EffectRecoveryDelay, 30 s, after it) and measure
    /// their processing; without it, leave them (the storage is then not to be used again).
    /// </param>
    public static async Task<FireResult> FiresAsync(BenchmarkStorage storage, int cases, IReadOnlyDictionary<string, string?> overrides, bool measureRecovery)
    {
        await using (var opener = BenchmarkApp.Start(storage, Settings(worker: false, overrides)))
        {
            await PutPolicyAsync(opener, NearPolicy, "PT1S");
            var ids = Ids("FIRE", cases);
            foreach (var chunk in ids.Chunk(10_000))
            {
                var body = string.Join('\n', chunk.Select(id => LifecycleTransactions.CaseJson(id, NearPolicy)));
                using var response = await opener.PostSignedAsync("api/cases:batch", body, BenchmarkApp.ErpSecret, "application/x-ndjson");
                var results = await response.Content.ReadAsStringAsync();
                var created = results.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains("\"created\"", StringComparison.Ordinal));
                if (created != chunk.Length)
                {
                    throw new InvalidOperationException($"The batch created {created} of {chunk.Length} cases: {results[..Math.Min(results.Length, 500)]}");
                }
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // every first reminder is due now
        // Watching starts before the app does: its workers fire as soon as its host has started.
        var progress = new ProgressCounter();
        var watch = Throughput.WatchAsync(() => progress.Transactions, 0, TransactionsPerFire * cases, StorageCpu(storage), _giveUp);
        await using var app = BenchmarkApp.Start(storage, Settings(worker: true, overrides), options => options.AddPolicy(progress, HttpPipelinePosition.PerRetry));
        var fires = await watch;
        fires = fires with { Count = (fires.Count + 1) / TransactionsPerFire };
        var sent = await LifecycleTransactions.OutboxCountAsync(app);
        if (sent != cases)
        {
            throw new InvalidOperationException($"{sent} messages in the outbox for {cases} fires.");
        }

        // Each fire's timer message was deleted; each fire also left a recovery message, back EffectRecoveryDelay later.
        var recovery = measureRecovery ? await Throughput.WatchAsync(() => progress.QueueDeletes, cases, cases, StorageCpu(storage), _giveUp) : null;
        return new FireResult(fires, recovery);
    }

    public static async Task<EventResult> EventsAsync(BenchmarkStorage storage, int cases, IReadOnlyDictionary<string, string?> overrides)
    {
        await using var app = BenchmarkApp.Start(storage, Settings(worker: true, overrides));
        await PutPolicyAsync(app, FarPolicy, "P30D");

        // A few cases first, unmeasured, so that what runs once per process (JIT, first table reads) is not measured.
        foreach (var id in Ids("WARM", 20))
        {
            LifecycleTransactions.Expect(await app.PostSignedAsync("api/cases", LifecycleTransactions.CaseJson(id, FarPolicy), BenchmarkApp.ErpSecret), 202);
            LifecycleTransactions.Expect(await app.PostSignedAsync("api/payments", LifecycleTransactions.PaymentJson(id), BenchmarkApp.PaymentsSecret), 202);
        }

        var ids = Ids("EVENT", cases);
        var opens = Signed(ids.Select(id => LifecycleTransactions.CaseJson(id, FarPolicy)), BenchmarkApp.ErpSecret);
        var opened = await Throughput.MeasureAsync(cases, StorageCpu(storage), () => SendAllAsync(app, "api/cases", opens, 202));
        var payments = Signed(ids.Select(LifecycleTransactions.PaymentJson), BenchmarkApp.PaymentsSecret);
        var paid = await Throughput.MeasureAsync(cases, StorageCpu(storage), () => SendAllAsync(app, "api/payments", payments, 202));
        return new EventResult(opened, paid);
    }

    private static Func<TimeSpan> StorageCpu(BenchmarkStorage storage) => () => storage.InMemory?.ServiceCpu ?? TimeSpan.Zero;

    private static List<string> Ids(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:000000}")).ToList();

    /// <summary>Bodies with their signature headers, made before the measured window (valid for five minutes).</summary>
    private static List<(byte[] Body, string Signature)> Signed(IEnumerable<string> bodies, string secret)
    {
        var now = DateTimeOffset.UtcNow;
        return bodies.Select(body => Encoding.UTF8.GetBytes(body)).Select(bytes => (bytes, WebhookSignature.Create(secret, now, bytes))).ToList();
    }

    private static Task SendAllAsync(BenchmarkApp app, string path, List<(byte[] Body, string Signature)> requests, int expected) =>
        Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (signed, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(signed.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.HeaderName, signed.Signature);
            LifecycleTransactions.Expect(await app.Client.SendAsync(request), expected);
        });

    /// <summary>One email step after <paramref name="wait"/>, no contact rules (so any hour goes), a far handoff.</summary>
    private static async Task PutPolicyAsync(BenchmarkApp app, string name, string wait)
    {
        var policy = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["wait"] = wait, ["channels"] = new JsonArray("email"), ["template"] = "recordatorio-amable", ["tone"] = "friendly" }),
            ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P60D" },
            ["promiseGrace"] = "P2D",
        };
        LifecycleTransactions.Expect(await app.Client.PutAsync($"api/policies/{name}", LifecycleTransactions.Json(policy)), 200);
    }
}
