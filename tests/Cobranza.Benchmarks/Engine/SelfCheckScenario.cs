using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;

namespace Cobranza.Benchmarks.Engine;

/// <summary>What one run of the <see cref="SelfCheckScenario"/> saw: the API's answers and the storage requests by operation and status.</summary>
public sealed record SelfCheckOutcome(IReadOnlyList<string> Answers, IReadOnlyDictionary<string, long> Transactions, IReadOnlyDictionary<string, long> Statuses);

/// <summary>
/// A short lifecycle that uses every storage call the app makes in normal work, run the same way on Azurite and on the
/// in-memory storage so that their answers and request counts can be compared: opens (new, repeated, conflicting),
/// batch intake, three reminders of which one waits beyond the timer horizon (timers table and pump), reads and a
/// paged list, promises (far timers), a note, payments (applied, repeated, conflicting, unmatched), effect-recovery
/// messages, a template override (blobs).
/// </summary>
public static class SelfCheckScenario
{
    private const string Hub = "check";
    private const string Policy = "selfcheck";

    public static async Task<SelfCheckOutcome> RunAsync(BenchmarkStorage storage, int cases, string? trafficLogPath)
    {
        var answers = new List<string>();
        var statuses = new StorageStatusCounter(storage.BlobPort, storage.QueuePort, storage.TablePort);
        using var log = trafficLogPath is null ? null : new StorageTrafficLog(trafficLogPath);
        var settings = new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = Hub,
            ["Cobranza:Durable:TimerHorizon"] = "00:00:04",
            ["Cobranza:Durable:TimerSweepInterval"] = "00:00:01",
            ["Cobranza:Durable:EffectRecoveryDelay"] = "00:00:05",
        };
        await using var app = BenchmarkApp.Start(storage, settings, options =>
        {
            options.AddPolicy(statuses, HttpPipelinePosition.PerRetry);
            if (log is not null)
            {
                options.AddPolicy(log, HttpPipelinePosition.PerRetry);
            }
        });
        app.Counter.Start();
        statuses.Start();

        async Task Answer(string what, Task<HttpResponseMessage> call, Func<string, string>? summary = null)
        {
            using var response = await call;
            var body = await response.Content.ReadAsStringAsync();
            answers.Add($"{what}: {(int)response.StatusCode}{(summary is null ? "" : " " + summary(body))}");
        }

        await Answer("put policy", app.Client.PutAsync($"api/policies/{Policy}", LifecycleTransactions.Json(PolicyJson())));
        var ids = Enumerable.Range(0, cases).Select(i => $"CHK-{i:000}").ToList();
        foreach (var id in ids)
        {
            await Answer("open", app.PostSignedAsync("api/cases", LifecycleTransactions.CaseJson(id, Policy), BenchmarkApp.ErpSecret));
        }

        await Answer("open again", app.PostSignedAsync("api/cases", LifecycleTransactions.CaseJson(ids[0], Policy), BenchmarkApp.ErpSecret));
        await Answer("open, other amount", app.PostSignedAsync("api/cases", LifecycleTransactions.CaseJson(ids[0], Policy).Replace("1500.0", "1600.0", StringComparison.Ordinal), BenchmarkApp.ErpSecret));
        var batch = string.Join('\n', LifecycleTransactions.CaseJson("CHK-BATCH", Policy), LifecycleTransactions.CaseJson(ids[1], Policy), "{}");
        await Answer("batch", app.PostSignedAsync("api/cases:batch", batch, BenchmarkApp.ErpSecret, "application/x-ndjson"), ResultsOf);
        ids.Add("CHK-BATCH");

        // Three reminders per case; the second waits beyond the horizon, so it goes through the timers table.
        await LifecycleTransactions.WaitAsync(() => LifecycleTransactions.OutboxCountAsync(app), n => n >= 3 * ids.Count, "three reminders per case");
        answers.Add($"outbox after the ladder: {await LifecycleTransactions.OutboxCountAsync(app)}");

        await Answer("get", app.Client.GetAsync($"api/cases/{ids[0]}"), HistoryOf);
        await Answer("get unknown", app.Client.GetAsync("api/cases/NOPE"));
        answers.Add($"list active, pages of 3: {await CountPagesAsync(app, "active", 3)}");

        var promisedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var id in ids)
        {
            await Answer("promise", app.Client.PostAsync($"api/cases/{id}/promises", LifecycleTransactions.Json(new JsonObject { ["promisedOn"] = promisedOn })));
        }

        await Answer("note", app.Client.PostAsync($"api/cases/{ids[0]}/notes", LifecycleTransactions.Json(new JsonObject { ["text"] = "called" })));
        await Answer("template put", app.Client.PutAsync("api/templates/recordatorio-amable/es-MX/sms", new StringContent("Hola {{ debtor_name }}", Encoding.UTF8, "text/plain")));
        await Answer("template get", app.Client.GetAsync("api/templates/recordatorio-amable/es-MX/sms"));
        // The bodies are kept: a payment's paidAt is the second it was made, and "again" must be the same body.
        var payments = ids.ToDictionary(id => id, LifecycleTransactions.PaymentJson);
        foreach (var id in ids)
        {
            await Answer("payment", app.PostSignedAsync("api/payments", payments[id], BenchmarkApp.PaymentsSecret));
        }

        await Answer("payment again", app.PostSignedAsync("api/payments", payments[ids[0]], BenchmarkApp.PaymentsSecret));
        await Answer("payment, other amount", app.PostSignedAsync("api/payments", payments[ids[0]].Replace("1500.0", "1.0", StringComparison.Ordinal), BenchmarkApp.PaymentsSecret));
        await Answer("payment, unknown invoice", app.PostSignedAsync("api/payments", LifecycleTransactions.PaymentJson("NOPE"), BenchmarkApp.PaymentsSecret));
        await Answer("unmatched", app.Client.GetAsync("api/payments/unmatched"));
        await LifecycleTransactions.WaitAsync(() => LifecycleTransactions.ClosedCountAsync(app, Hub), n => n >= ids.Count, "every case closed");

        // The last effect-recovery messages come due EffectRecoveryDelay after the payments.
        await Task.Delay(TimeSpan.FromSeconds(8));
        answers.Add($"closed: {await LifecycleTransactions.ClosedCountAsync(app, Hub)}, outbox: {await LifecycleTransactions.OutboxCountAsync(app)}");
        await Answer("get at the end", app.Client.GetAsync($"api/cases/{ids[0]}"), HistoryOf);
        answers.Add($"list closed, pages of 4: {await CountPagesAsync(app, "closed", 4)}");
        return new SelfCheckOutcome(answers, app.Counter.Stop(), statuses.Stop());
    }

    private static JsonObject PolicyJson()
    {
        var steps = new JsonArray();
        foreach (var (wait, template, tone) in new[] { ("PT1S", "recordatorio-amable", "friendly"), ("PT6S", "recordatorio-firme", "firm"), ("PT1S", "aviso-formal", "formal") })
        {
            steps.Add(new JsonObject { ["wait"] = wait, ["channels"] = new JsonArray("email"), ["template"] = template, ["tone"] = tone });
        }

        return new JsonObject { ["steps"] = steps, ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" }, ["promiseGrace"] = "P2D" };
    }

    /// <summary>Pages through <c>GET /api/cases?state=</c>: "{cases} in {pages}".</summary>
    private static async Task<string> CountPagesAsync(BenchmarkApp app, string state, int pageSize)
    {
        var (count, pages, token) = (0, 0, (string?)null);
        do
        {
            var url = $"api/cases?state={state}&pageSize={pageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = JsonNode.Parse(await app.Client.GetStringAsync(url))!;
            count += page["value"]!.AsArray().Count;
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);
        return $"{count} cases in {pages} pages";
    }

    private static string ResultsOf(string ndjson) =>
        string.Join(",", ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["result"]!.GetValue<string>()));

    private static string HistoryOf(string caseJson)
    {
        var node = JsonNode.Parse(caseJson)!;
        var history = node["history"]!.AsArray().Select(h => h!["type"]!.GetValue<string>());
        return $"{node["state"]} history [{string.Join(",", history)}]";
    }
}
