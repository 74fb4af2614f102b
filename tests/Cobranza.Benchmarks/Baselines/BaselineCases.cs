using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// What the baselines do to the app through its public API: put a ladder policy, open cases in bulk, read when each
/// case's next step is due, and read what went out through the outbox channel. Reads go through clients of their own,
/// outside the counted pipeline.
/// </summary>
internal static class BaselineCases
{
    private static readonly string[] Templates = ["recordatorio-amable", "recordatorio-firme", "aviso-formal", "ultimo-aviso"];
    private static readonly string[] Tones = ["friendly", "firm", "formal", "final"];

    /// <summary>
    /// A policy of email steps with the given waits and no <c>contactRules</c>: without them a message may go out at any
    /// hour (the reference policy of <see cref="LifecycleTransactions"/> does the same), so a run works whenever it starts.
    /// </summary>
    public static async Task PutPolicyAsync(BenchmarkApp app, string name, IReadOnlyList<TimeSpan> waits)
    {
        var steps = new JsonArray();
        for (var i = 0; i < waits.Count; i++)
        {
            steps.Add(new JsonObject
            {
                ["wait"] = System.Xml.XmlConvert.ToString(waits[i]),
                ["channels"] = new JsonArray("email"),
                ["template"] = Templates[Math.Min(i, Templates.Length - 1)],
                ["tone"] = Tones[Math.Min(i, Tones.Length - 1)],
            });
        }

        var policy = new JsonObject { ["steps"] = steps, ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" }, ["promiseGrace"] = "P2D" };
        LifecycleTransactions.Expect(await app.Client.PutAsync($"api/policies/{name}", LifecycleTransactions.Json(policy)), 200);
    }

    /// <summary>A case overdue for 30 days (so its first step waits only the policy's first wait), its own debtor.</summary>
    public static string CaseJson(string id, string policy)
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

    /// <summary>Opens the cases through <c>POST /api/cases:batch</c> (1,000 lines a request); every line must be created.</summary>
    public static async Task OpenAsync(BenchmarkApp app, IReadOnlyList<string> ids, string policy)
    {
        foreach (var chunk in ids.Chunk(1000))
        {
            var body = string.Join('\n', chunk.Select(id => CaseJson(id, policy)));
            using var response = await app.PostSignedAsync("api/cases:batch", body, BenchmarkApp.ErpSecret, "application/x-ndjson");
            var text = await response.Content.ReadAsStringAsync();
            var created = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains("\"created\"", StringComparison.Ordinal));
            if ((int)response.StatusCode != 200 || created != chunk.Length)
            {
                throw new InvalidOperationException($"POST /api/cases:batch answered {(int)response.StatusCode} with {created} of {chunk.Length} created: {text[..Math.Min(text.Length, 500)]}");
            }
        }
    }

    /// <summary>When each case whose id starts with <paramref name="prefix"/> is next due, from <c>GET /api/cases</c>.</summary>
    public static async Task<Dictionary<string, DateTimeOffset>> NextActionsAsync(BenchmarkApp app, string prefix)
    {
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var url = "api/cases?pageSize=500" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            using var page = JsonDocument.Parse(await app.Client.GetStringAsync(url));
            foreach (var item in page.RootElement.GetProperty("value").EnumerateArray())
            {
                var id = item.GetProperty("invoiceId").GetString()!;
                if (id.StartsWith(prefix, StringComparison.Ordinal) && item.GetProperty("nextActionAt") is { ValueKind: JsonValueKind.String } at)
                {
                    next[id] = at.GetDateTimeOffset();
                }
            }

            token = page.RootElement.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        while (token is not null);
        return next;
    }

    /// <summary>The time the payment of each case was recorded: the <c>paymentReceived</c> entry of its history.</summary>
    public static async Task<DateTimeOffset?> PaymentRecordedAtAsync(BenchmarkApp app, string id)
    {
        using var view = JsonDocument.Parse(await app.Client.GetStringAsync($"api/cases/{Uri.EscapeDataString(id)}"));
        return view.RootElement.GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("type").GetString() == "paymentReceived")
            .Select(h => (DateTimeOffset?)h.GetProperty("at").GetDateTimeOffset())
            .FirstOrDefault();
    }

    /// <summary>Blobs in the app's outbox whose names start with <paramref name="prefix"/>.</summary>
    public static async Task<int> OutboxCountAsync(BenchmarkApp app, string prefix)
    {
        var count = 0;
        await foreach (var _ in Outbox(app).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    /// <summary>How many cases starting with <paramref name="prefix"/> have at least one message in the app's outbox.</summary>
    public static async Task<int> OutboxCaseCountAsync(BenchmarkApp app, string prefix)
    {
        var cases = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in Outbox(app).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            cases.Add(blob.Name[..blob.Name.IndexOf('/', StringComparison.Ordinal)]);
        }

        return cases.Count;
    }

    /// <summary>Every message in the app's outbox for cases starting with <paramref name="prefix"/>: case and the time it was sent.</summary>
    public static async Task<List<(string CaseId, DateTimeOffset SentAt)>> OutboxMessagesAsync(BenchmarkApp app, string prefix)
    {
        var container = Outbox(app);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        var messages = new System.Collections.Concurrent.ConcurrentBag<(string, DateTimeOffset)>();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, ct) =>
        {
            var content = (await container.GetBlobClient(name).DownloadContentAsync(ct)).Value.Content;
            using var record = JsonDocument.Parse(content.ToMemory());
            messages.Add((name[..name.IndexOf('/', StringComparison.Ordinal)], record.RootElement.GetProperty("sentAt").GetDateTimeOffset()));
        });
        return [.. messages];
    }

    private static BlobContainerClient Outbox(BenchmarkApp app) =>
        new BlobServiceClient(app.ConnectionString).GetBlobContainerClient(Cobranza.Functions.Messaging.BlobOutboxChannel.ContainerName);

    /// <summary>The storage ports of an Azurite connection string, to count another client's requests by service.</summary>
    public static StorageTransactionCounter CounterFor(string connectionString)
    {
        int Port(string key) => new Uri(connectionString.Split(';').Single(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]).Port;
        return new StorageTransactionCounter(Port("BlobEndpoint"), Port("QueueEndpoint"), Port("TableEndpoint"));
    }

    /// <summary>The value below which <paramref name="fraction"/> of the sorted values lie (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The command-line argument at <paramref name="index"/> as a whole number, or <paramref name="fallback"/>.</summary>
    public static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    public static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

    public static StringBuilder Line(this StringBuilder text, FormattableString line) => text.AppendLine(FormattableString.Invariant(line));
}
