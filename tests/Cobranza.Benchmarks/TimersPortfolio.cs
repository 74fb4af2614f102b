using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cobranza.Benchmarks;

/// <summary>
/// The cases of the timers benchmark and their policies. Every policy has contact rules, as the shipped default does
/// (so the contact-hours check and the debtor's weekly cap are on every fire's path), every day of the week, in a debtor
/// time zone where it is daytime now. Not-due cases wait P30D for their first step. Due cases wait PT1M, which ends before
/// their contact hours open: the step is then aimed at the opening, so all of them fall due at the same instant, as a
/// portfolio's reminders do each morning when contact hours begin.
/// </summary>
public static class TimersPortfolio
{
    public const string FarPolicy = "timers-far";
    public const string DuePolicy = "timers-due";
    public const string WarmUpPolicy = "timers-warm-up";
    public const string DuePrefix = "DUE-";
    public const string FarPrefix = "FAR-";

    // Small enough requests to finish well within the test client's 100 s timeout on a busy machine; the batch API
    // opens 16 lines of each at a time.
    private const int LinesPerRequest = 100;
    private const int RequestsInFlight = 4;

    // Zones on every side of the clock, one of which has daytime at any moment (checked in ChooseZone).
    private static readonly string[] Zones =
    [
        "America/Mexico_City", "America/Bogota", "America/Sao_Paulo", "Europe/Madrid", "Asia/Dubai", "Asia/Kolkata",
        "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "America/Los_Angeles",
    ];

    /// <summary>A zone where <paramref name="at"/> falls between 09:00 and 17:00, so that contact hours from then to 23:59 are long.</summary>
    public static TimeZoneInfo ChooseZone(DateTimeOffset at) =>
        Zones.Select(TimeZoneInfo.FindSystemTimeZoneById).First(zone => TimeZoneInfo.ConvertTime(at, zone).Hour is >= 9 and < 17);

    /// <summary>A one-step policy: <paramref name="wait"/>, then one email; contact hours <paramref name="hours"/> every day (none when null).</summary>
    public static JsonObject Policy(string wait, string? hours)
    {
        var policy = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["wait"] = wait, ["channels"] = new JsonArray("email"), ["template"] = "recordatorio-amable", ["tone"] = "friendly" }),
            ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" },
            ["promiseGrace"] = "P2D",
        };
        if (hours is not null)
        {
            policy["contactRules"] = new JsonObject { ["hours"] = hours, ["days"] = "Mon-Sun", ["maxPer7Days"] = 3 };
        }

        return policy;
    }

    /// <summary>Contact hours from <paramref name="opening"/> (a whole minute, in <paramref name="zone"/>) to the end of that day.</summary>
    public static string HoursFrom(DateTimeOffset opening, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(opening, zone).ToString("HH:mm", CultureInfo.InvariantCulture) + "-23:59";

    /// <summary>The body of <c>POST /api/cases</c> for one invoice, one debtor per invoice, due 30 days ago.</summary>
    public static string CaseJson(string invoiceId, string policy, TimeZoneInfo zone)
    {
        var dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        return new JsonObject
        {
            ["invoiceId"] = invoiceId,
            ["debtor"] = new JsonObject { ["id"] = "D-" + invoiceId, ["name"] = "Ana Pérez", ["email"] = "ana@example.com", ["language"] = "es-MX", ["timeZone"] = zone.Id },
            ["amount"] = 1500.00m,
            ["currency"] = "MXN",
            ["issuedOn"] = dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["policy"] = policy,
        }.ToJsonString();
    }

    /// <summary>Invoice ids <c>{prefix}00000</c>… (their order is their partition order, so a key range selects them).</summary>
    public static IReadOnlyList<string> Ids(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D6}"))];

    public static async Task PutPolicyAsync(BenchmarkApp app, string name, JsonObject policy)
    {
        using var response = await app.Client.PutAsync($"api/policies/{name}", new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json"));
        await EnsureAsync(response, "PUT policy " + name);
    }

    /// <summary>
    /// Opens the cases through <c>POST /api/cases:batch</c>, <see cref="LinesPerRequest"/> lines a request and
    /// <see cref="RequestsInFlight"/> requests at a time; every line must be created (or, in a request sent again after
    /// it timed out, found existing: batches are idempotent, and on a busy machine a request can outlast the client).
    /// </summary>
    public static Task OpenAsync(BenchmarkApp app, IReadOnlyList<string> ids, string policy, TimeZoneInfo zone) =>
        Parallel.ForEachAsync(ids.Chunk(LinesPerRequest), new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight }, async (chunk, _) =>
        {
            var body = string.Join('\n', chunk.Select(id => CaseJson(id, policy, zone)));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await app.PostSignedAsync("api/cases:batch", body, BenchmarkApp.ErpSecret, "application/x-ndjson");
                    var answer = await EnsureAsync(response, "POST api/cases:batch");
                    var notOpen = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                        .Where(line => JsonNode.Parse(line)?["result"]?.GetValue<string>() is not ("created" or "existing")).ToList();
                    if (notOpen.Count > 0)
                    {
                        throw new InvalidOperationException($"{notOpen.Count} lines were not opened, e.g. {notOpen[0]}");
                    }

                    return;
                }
                catch (TaskCanceledException) when (attempt < 5)
                {
                    Console.Error.WriteLine($"A batch request timed out (attempt {attempt}); sending it again");
                }
            }
        });

    private static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }
}
