using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cobranza.Benchmarks;

/// <summary>
/// The bodies the process benchmarks send: a policy whose ladder steps are seconds apart, cases on it (each with a debtor
/// of its own, so no message is combined with another invoice's and no debtor cap is shared), payments, and the batch
/// intake that opens them.
/// </summary>
/// <remarks>
/// The policy has no <c>contactRules</c>: such a policy contacts at any hour (see <c>DunningPolicy</c>), so the ladder
/// runs whatever the hour of the run is in the debtor's zone. The shipped default (08:00–20:00 Mon–Sat, 3 contacts in
/// 7 days) would defer every message of a run at night and stop each ladder after its third message.
/// </remarks>
public static class LadderWorkload
{
    public const decimal CaseAmount = 1500.00m;

    private static readonly (string Template, string Tone)[] _templates =
        [("recordatorio-amable", "friendly"), ("recordatorio-firme", "firm"), ("aviso-formal", "formal"), ("ultimo-aviso", "final")];

    /// <summary><paramref name="steps"/> e-mail steps, each <paramref name="wait"/> after the previous one was sent; the handoff a month later.</summary>
    public static string PolicyJson(int steps, TimeSpan wait)
    {
        var ladder = new JsonArray();
        for (var i = 0; i < steps; i++)
        {
            var (template, tone) = _templates[Math.Min(i, _templates.Length - 1)];
            ladder.Add(new JsonObject { ["wait"] = IsoSeconds(wait), ["channels"] = new JsonArray("email"), ["template"] = template, ["tone"] = tone });
        }

        return new JsonObject { ["steps"] = ladder, ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" } }.ToJsonString();
    }

    /// <summary>A case due a month ago (so its first step waits only its own wait after the opening) on <paramref name="policy"/>.</summary>
    public static string CaseJson(string invoiceId, string policy)
    {
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        return new JsonObject
        {
            ["invoiceId"] = invoiceId,
            ["debtor"] = new JsonObject { ["id"] = "D-" + invoiceId, ["name"] = "Ana Pérez", ["email"] = "ana@example.com", ["language"] = "es-MX", ["timeZone"] = "America/Mexico_City" },
            ["amount"] = CaseAmount,
            ["currency"] = "MXN",
            ["issuedOn"] = dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["policy"] = policy,
        }.ToJsonString();
    }

    public static string PaymentJson(string paymentId, string invoiceId, decimal amount) => new JsonObject
    {
        ["paymentId"] = paymentId,
        ["invoiceId"] = invoiceId,
        ["amount"] = amount,
        ["currency"] = "MXN",
        ["paidAt"] = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    }.ToJsonString();

    /// <summary>
    /// Opens the cases through <c>POST /api/cases:batch</c>, <paramref name="batchSize"/> lines a request, the requests
    /// spread over <paramref name="clients"/> in turn (as a load balancer would) with one in flight per client.
    /// </summary>
    public static async Task OpenAsync(IReadOnlyList<AppClient> clients, IReadOnlyList<string> invoiceIds, string policy, int batchSize)
    {
        var batches = invoiceIds.Chunk(batchSize).Select((ids, i) => (Client: clients[i % clients.Count], Ids: ids)).ToList();
        await Task.WhenAll(batches.GroupBy(b => b.Client).Select(async perClient =>
        {
            foreach (var (client, ids) in perClient)
            {
                var body = new StringBuilder();
                foreach (var id in ids)
                {
                    body.Append(CaseJson(id, policy)).Append('\n');
                }

                using var response = await client.PostSignedAsync("api/cases:batch", body.ToString(), BenchmarkApp.ErpSecret, "application/x-ndjson");
                await AppClient.ExpectAsync(response, 200);
                var refused = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => JsonDocument.Parse(line).RootElement)
                    .Where(line => line.GetProperty("result").GetString() is not ("created" or "existing"))
                    .Select(line => line.GetRawText())
                    .ToList();
                if (refused.Count > 0)
                {
                    throw new InvalidOperationException($"The batch intake refused {refused.Count} cases, e.g. {refused[0]}");
                }
            }
        }));
    }

    private static string IsoSeconds(TimeSpan wait) => string.Create(CultureInfo.InvariantCulture, $"PT{wait.TotalSeconds:0.###}S");
}
