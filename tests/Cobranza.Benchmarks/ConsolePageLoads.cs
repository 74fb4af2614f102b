using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Http;

namespace Cobranza.Benchmarks;

/// <summary>
/// <c>console [cases=10000]</c>: the staff console's page loads at a fill of <c>cases</c> cases (issue 8: under a
/// second with 10,000). Opens the cases through the batch API (due dates over 200 days, five invoices per debtor, one
/// in ten in USD), then pays some in full and some in part, records promises and pauses some, all through the API so
/// the projections are kept as in production. Then times each read the console makes (p50/p95 of repeated requests,
/// in process over the app's own HTTP pipeline, on Azurite), and, as the baseline, the old list: a property-filtered
/// query of the instances table, which scans it (the first page of a common state, of a rare state, a debtor's
/// cases, and the whole active set that any sorted view would need without an index).
/// </summary>
public static class ConsolePageLoads
{
    private const string Hub = "console";
    private const int Repeats = 30;
    private const int CsvRepeats = 5;

    public static async Task RunAsync(int cases, TextWriter report)
    {
        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?> { ["Cobranza:Durable:HubName"] = Hub });
        app.Client.Timeout = TimeSpan.FromMinutes(30);
        await FarPolicy.PutAsync(app.Client);
        var ids = Enumerable.Range(0, cases).Select(i => string.Create(CultureInfo.InvariantCulture, $"CON-{i:D6}")).ToList();

        var clock = Stopwatch.StartNew();
        foreach (var chunk in ids.Chunk(1000))
        {
            var body = Encoding.UTF8.GetBytes(string.Concat(chunk.Select(id => CaseJson(id, int.Parse(id[4..], CultureInfo.InvariantCulture)) + "\n")));
            await SendBatchAsync(app, body);
        }

        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Opened {cases} cases in {clock.Elapsed.TotalSeconds:F1} s."));
        clock.Restart();
        var promisedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) =>
        {
            var (id, i) = c;
            switch (i % 20)
            {
                case 0 or 1: await ExpectAsync(await app.PostSignedAsync("api/payments", PaymentJson(id, i, full: true), BenchmarkApp.PaymentsSecret), 202); break;
                case 2 or 3: await ExpectAsync(await app.PostSignedAsync("api/payments", PaymentJson(id, i, full: false), BenchmarkApp.PaymentsSecret), 202); break;
                case 4 or 5: await ExpectAsync(await app.Client.PostAsync($"api/cases/{id}/promises", Json(new JsonObject { ["promisedOn"] = promisedOn })), 200); break;
                case 6: await ExpectAsync(await app.Client.PostAsync($"api/cases/{id}/pause", Json(new JsonObject { ["reason"] = "dispute" })), 200); break;
            }
        });
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Paid 10% in full and 10% in part, promised 10%, paused 5% in {clock.Elapsed.TotalSeconds:F1} s."));

        var firstPage = JsonNode.Parse(await GetTextAsync(app, "api/cases"))!;
        var token = Uri.EscapeDataString(firstPage["continuationToken"]!.GetValue<string>());
        var rows = new List<(string Name, LatencySampleStats Stats)>();
        async Task MeasureAsync(string name, string path, int repeats = Repeats, string? accept = null) =>
            rows.Add((name, await TimeAsync(app, path, repeats, accept)));

        using (var root = await app.Client.GetAsync(""))
        {
            if (root.IsSuccessStatusCode)
            {
                await MeasureAsync("GET / (the page)", "");
            }
        }

        await MeasureAsync("queue, default order (-daysOverdue)", "api/cases");
        foreach (var sort in new[] { "daysOverdue", "balance", "-balance", "nextAction", "-nextAction" })
        {
            await MeasureAsync($"queue, sort={sort}", $"api/cases?sort={sort}");
        }

        await MeasureAsync("queue, state=active", "api/cases?state=active");
        await MeasureAsync("queue, state=paused", "api/cases?state=paused");
        await MeasureAsync("queue, aging=31-60", "api/cases?aging=31-60");
        await MeasureAsync("queue, aging=91+&sort=-balance", "api/cases?aging=91%2B&sort=-balance");
        await MeasureAsync("queue, currency=USD&sort=-balance&minBalance=1000", "api/cases?currency=USD&sort=-balance&minBalance=1000");
        await MeasureAsync("queue, policy=far&maxBalance=500", "api/cases?policy=far&maxBalance=500");
        await MeasureAsync("queue, debtorId=D-00007", "api/cases?debtorId=D-00007");
        await MeasureAsync("queue, second page (continuationToken)", "api/cases?continuationToken=" + token);
        await MeasureAsync("case page (GET /api/cases/{id})", "api/cases/" + ids[5]);
        await MeasureAsync("debtor view (GET /api/debtors/{id})", "api/debtors/D-00007");
        await MeasureAsync("dashboard", "api/dashboard");
        await MeasureAsync("dashboard CSV (openBalanceByAging)", "api/dashboard?format=csv&table=openBalanceByAging");
        await MeasureAsync("queue CSV, state=paused", "api/cases?state=paused&format=csv", CsvRepeats);
        await MeasureAsync($"queue CSV, everything ({cases} rows)", "api/cases", CsvRepeats, accept: "text/csv");

        // The old list: a property filter over the instances table's state rows, which the service answers by scanning.
        var instances = new TableClient(app.ConnectionString, Hub + "Instances");
        var baselines = new List<(string Name, LatencySampleStats Stats)>
        {
            ("old scan, State eq 'active', first 50", await TimeScanAsync(instances, "RowKey eq '!state' and State eq 'active'", 50, allPages: false)),
            ("old scan, State eq 'paused', first 50", await TimeScanAsync(instances, "RowKey eq '!state' and State eq 'paused'", 50, allPages: false)),
            ("old scan, DebtorId eq 'D-00007', all pages", await TimeScanAsync(instances, "RowKey eq '!state' and DebtorId eq 'D-00007'", 50, allPages: true)),
            ("old scan, every active case (what a sort needs)", await TimeScanAsync(instances, "RowKey eq '!state' and State eq 'active'", 1000, allPages: true, CsvRepeats)),
        };

        report.WriteLine();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Console page loads at {cases} cases (ms; {Repeats} requests each, {CsvRepeats} for the full scans and queue CSVs):"));
        report.WriteLine("| request | p50 | p95 | max |");
        report.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, stats) in rows.Concat(baselines))
        {
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {stats.P50:F1} | {stats.P95:F1} | {stats.Max:F1} |"));
        }

        var indexed = rows.Single(r => r.Name == "queue, state=paused").Stats.P50;
        var scanned = baselines[1].Stats.P50;
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Baseline ratio (state=paused, first page): old scan p50 / index p50 = {scanned / Math.Max(indexed, 0.001):F1}; a sorted view without the index would read every active case: {baselines[3].Stats.P50:F0} ms."));
    }

    private static string CaseJson(string id, int i)
    {
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10 - i * 7 % 211);
        var usd = i % 10 == 9;
        return new JsonObject
        {
            ["invoiceId"] = id,
            ["invoiceNumber"] = "A-" + id[4..],
            ["debtor"] = new JsonObject
            {
                ["id"] = string.Create(CultureInfo.InvariantCulture, $"D-{i / 5:D5}"), ["name"] = "Ana Pérez", ["email"] = "ana@example.com",
                ["language"] = "es-MX", ["timeZone"] = "America/Mexico_City",
            },
            ["amount"] = Amount(i, usd),
            ["currency"] = usd ? "USD" : "MXN",
            ["issuedOn"] = dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["policy"] = FarPolicy.Name,
        }.ToJsonString();
    }

    private static decimal Amount(int i, bool usd) => usd ? 50m + i * 37 % 3000 : 500m + i * 131 % 40_000;

    private static string PaymentJson(string id, int i, bool full) => new JsonObject
    {
        ["paymentId"] = "PAY-" + id,
        ["invoiceId"] = id,
        ["amount"] = full ? Amount(i, false) : 100m,
        ["currency"] = "MXN",
        ["paidAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    }.ToJsonString();

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task SendBatchAsync(BenchmarkApp app, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchIntakeApi.Route.TrimStart('/')) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(BatchIntakeApi.MediaType);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(BenchmarkApp.ErpSecret, DateTimeOffset.UtcNow, body));
        using var response = await app.Client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || answer.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => JsonNode.Parse(l)!["result"]!.GetValue<string>() != BatchLineResult.Created))
        {
            throw new InvalidOperationException($"The batch did not open every case ({(int)response.StatusCode}): {answer[..Math.Min(answer.Length, 2000)]}");
        }
    }

    private static async Task ExpectAsync(HttpResponseMessage response, int status)
    {
        using (response)
        {
            await AppClient.ExpectAsync(response, status);
        }
    }

    private static async Task<string> GetTextAsync(BenchmarkApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        await AppClient.ExpectAsync(response, 200);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<LatencySampleStats> TimeAsync(BenchmarkApp app, string path, int repeats, string? accept)
    {
        var times = new List<double>();
        for (var i = 0; i <= repeats; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            var clock = Stopwatch.StartNew();
            using var response = await app.Client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            clock.Stop();
            await AppClient.ExpectAsync(response, 200);
            if (i > 0)
            {
                // The first request warms up (JIT, connections) and is not counted.
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return LatencySampleStats.Of(times);
    }

    private static async Task<LatencySampleStats> TimeScanAsync(TableClient table, string filter, int pageSize, bool allPages, int repeats = Repeats)
    {
        var times = new List<double>();
        for (var i = 0; i <= repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize).AsPages(pageSizeHint: pageSize))
            {
                if (!allPages && page.Values.Count > 0)
                {
                    break;
                }
            }

            clock.Stop();
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return LatencySampleStats.Of(times);
    }
}

/// <summary>Percentiles of a set of request times (ms).</summary>
public sealed record LatencySampleStats(double P50, double P95, double Max)
{
    public static LatencySampleStats Of(IReadOnlyList<double> times)
    {
        var sorted = times.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new LatencySampleStats(At(0.5), At(0.95), sorted[^1]);
    }
}
