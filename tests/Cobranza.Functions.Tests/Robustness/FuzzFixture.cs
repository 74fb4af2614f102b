using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// One app process with a snapshot worth protecting (four cases in four states, applied and unmatched payments, a
/// policy) and fuzz-only cases for the mutations to land on. The fuzz campaign runs once, the first time a test asks for
/// it; every test then judges one property of the same run.
/// </summary>
public sealed class FuzzFixture : AppFixture
{
    public const string EventsKey = "fuzz-events-key-3f9c";
    public const string Policy = "robust-p30d";
    public const decimal CaseAmount = 100.00m;

    /// <summary>Requests per run: at least 10,000 (<c>COBRANZA_FUZZ_CASES</c> may ask for more).</summary>
    public const int DefaultCases = 10_000;

    public const int InFlight = 16;

    private readonly Lazy<Task<FuzzCampaign>> _campaign;

    public FuzzFixture() => _campaign = new Lazy<Task<FuzzCampaign>>(RunCampaignAsync);

    public FuzzTargets Targets { get; private set; } = null!;

    public Task<FuzzCampaign> Campaign => _campaign.Value;

    protected override void Configure(IDictionary<string, string?> settings) => settings["Cobranza:Acs:EventsKey"] = EventsKey;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Targets = await ArrangeAsync();
    }

    /// <summary>The snapshot cases and payments, and the fuzz-only cases.</summary>
    private async Task<FuzzTargets> ArrangeAsync()
    {
        await Api.PutPolicyAsync(Policy, RobustnessBodies.LongWaitPolicy());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        async Task<string> OpenAsync(string invoiceId, string debtorId, string? phone)
        {
            var body = CaseBody.Valid(invoiceId).NotYetDue().OnPolicy(Policy).ForDebtor(debtorId).With("amount", CaseAmount);
            body = phone is null ? body.Without("debtor.phone") : body.With("debtor.phone", phone);
            return (await Api.OpenCaseAsync(body)).InvoiceId;
        }

        // Snapshot debtors have no phone (an SMS STOP cannot reach them) and ids no fuzz request uses.
        var active = await OpenAsync("SNAP-active", "snap-debtor-1", null);
        var promised = await OpenAsync("SNAP-promised", "snap-debtor-2", null);
        var paused = await OpenAsync("SNAP-paused", "snap-debtor-3", null);
        var closed = await OpenAsync("SNAP-closed", "snap-debtor-4", null);

        var payments = new List<KnownPayment>
        {
            new("snap-pay-1", active, 10.00m, "USD", "2026-11-20T15:04:05Z"),
            new("snap-pay-2", closed, 5.00m, "USD", "2026-11-20T16:00:00Z"),
            new("snap-um-pay-1", "SNAP-unmatched-1", 7.50m, "USD", "2026-11-20T17:00:00Z"),
            new("snap-um-pay-2", "SNAP-unmatched-2", 1200m, "CLP", "2026-11-20T18:00:00Z"),
        };

        await Api.ActAsync(active, "notes", new JsonObject { ["text"] = "Snapshot note" });
        await Api.ActAsync(promised, "promises", new JsonObject
        {
            ["promisedOn"] = today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["amount"] = 40.00m,
            ["note"] = "Snapshot promise",
        });
        await Api.ActAsync(paused, "pause", new JsonObject { ["reason"] = "Snapshot dispute" });
        await Api.ActAsync(closed, "cancel", new JsonObject { ["reason"] = "Snapshot credit note" });
        foreach (var p in payments)
        {
            var body = PaymentBody.For(p.InvoiceId, p.Amount, p.Currency).WithId(p.PaymentId).With("paidAt", p.PaidAt);
            await Api.PayAsync(body);
        }

        var fuzzCases = new List<string>();
        var phones = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            var phone = "+1212555" + (7000 + i).ToString(CultureInfo.InvariantCulture);
            phones.Add(phone);
            fuzzCases.Add(await OpenAsync($"fz-case-{i:00}", $"fz-cdebtor-{i % 8}", phone));
        }

        phones.Add("+12125559999");
        return new FuzzTargets(active, promised, paused, closed, ["SNAP-unmatched-1", "SNAP-unmatched-2"], payments, CaseAmount, Policy,
            fuzzCases, phones, EventsKey);
    }

    private async Task<FuzzCampaign> RunCampaignAsync()
    {
        var seed = FuzzCorpus.SeedFromEnvironment();
        var count = int.TryParse(Environment.GetEnvironmentVariable("COBRANZA_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > DefaultCases
            ? n
            : DefaultCases;
        var corpus = new FuzzCorpus(seed, Targets, DateOnly.FromDateTime(DateTime.UtcNow));

        // A client of its own (signed in, signing webhooks), without the contract-checking handler: every answer is recorded and judged afterwards.
        using var client = new HttpClient(new CredentialsHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = InFlight * 2 }))
        {
            BaseAddress = App.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        var before = await StoreSnapshot.ReadAsync(client, Targets);
        var outcomes = new FuzzOutcome[count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, ct) =>
        {
            outcomes[i] = await FuzzOutcome.SendAsync(client, corpus.Generate(i), ct);
        });
        clock.Stop();

        // Let anything the accepted requests set off in the background (messages, handoffs) settle before reading.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await StoreSnapshot.ReadAsync(client, Targets);
        var freshRefused = outcomes
            .Where(o => o.Status is >= 400 and < 500 && o.Request.FreshInvoiceId is not null && o.Request.Endpoint == FuzzEndpoint.OpenCase)
            .Select(o => o.Request.FreshInvoiceId!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var openedAnyway = new List<string>();
        await Parallel.ForEachAsync(freshRefused, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (id, ct) =>
        {
            using var response = await client.GetAsync($"api/cases/{Uri.EscapeDataString(id)}", ct);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                lock (openedAnyway)
                {
                    openedAnyway.Add(id);
                }
            }
        });

        // COBRANZA_FUZZ_DUMP=<file> writes every request and its answer there, for a closer look at a run.
        if (Environment.GetEnvironmentVariable("COBRANZA_FUZZ_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllLinesAsync(dump, outcomes.Select(o => o.Describe()));
        }

        return new FuzzCampaign(seed, clock.Elapsed, outcomes, before, after, freshRefused.Count, openedAnyway, App.RecentOutput);
    }
}

/// <summary>What one fuzz request got back.</summary>
public sealed record FuzzOutcome(
    FuzzRequest Request, int Status, string? MediaType, string? Body, string? TransportError, string? AcceptedPaymentId, string? AcceptedInvoiceId, bool IsCleanProblem = false)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsClientError => Status is >= 400 and < 500;

    public string Describe() =>
        $"{Request.Describe()}\n    -> {(TransportError is not null ? "transport error: " + TransportError : $"{Status} '{MediaType}' {FuzzRequest.Excerpt(Body is null ? null : Encoding.UTF8.GetBytes(Body), 600)}")}";

    public static async Task<FuzzOutcome> SendAsync(HttpClient client, FuzzRequest r, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (r.Body is not null)
        {
            HttpContent content = r.Chunked ? new ChunkedContent(r.Body) : new ByteArrayContent(r.Body);
            if (r.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            }

            request.Content = content;
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string? paymentId = null, invoiceId = null;
            if (status is >= 200 and < 300 && r.Endpoint is FuzzEndpoint.Payment or FuzzEndpoint.OpenCase)
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    invoiceId = document.RootElement.TryGetProperty("invoiceId", out var i) ? i.GetString() : null;
                    paymentId = document.RootElement.TryGetProperty("paymentId", out var p) ? p.GetString() : null;
                }
                catch (JsonException)
                {
                    return new FuzzOutcome(r, status, response.Content.Headers.ContentType?.MediaType, Shorten(text), "a 2xx answer that is not JSON", null, null);
                }
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            return new FuzzOutcome(r, status, mediaType, status >= 300 ? Shorten(text) : null, null, paymentId, invoiceId, IsClean(status, mediaType, text));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new FuzzOutcome(r, 0, null, null, $"{e.GetType().Name}: {e.Message}", null, null);
        }
    }

    /// <summary>What a refusal may not reveal: exception and type names, stack frames.</summary>
    public static readonly string[] Internals =
        ["Exception", "System.", "at Cobranza", "Microsoft.AspNetCore", "Cobranza.Functions.", "Cobranza.Domain.", "Cobranza.Durable.", "   at "];

    /// <summary>application/problem+json whose JSON names the response's status and a title, without internals.</summary>
    private static bool IsClean(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json" || Internals.Any(i => body.Contains(i, StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var code) && code.TryGetInt32(out var value) && value == status
                && document.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 4000 ? text : text[..4000] + "…";

    /// <summary>A body without a length: sent with Transfer-Encoding: chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>The stored state the fuzzing must not touch: the snapshot cases as GET shows them, the unmatched payments, the policy.</summary>
public sealed record StoreSnapshot(IReadOnlyDictionary<string, string> Cases, IReadOnlyDictionary<string, string> Unmatched, string Policy)
{
    public static async Task<StoreSnapshot> ReadAsync(HttpClient client, FuzzTargets targets)
    {
        var cases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in targets.SnapshotCases)
        {
            cases[id] = await GetAsync(client, $"api/cases/{id}");
        }

        var unmatched = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(await GetAsync(client, "api/payments/unmatched")))
        {
            foreach (var payment in document.RootElement.GetProperty("value").EnumerateArray())
            {
                unmatched[payment.GetProperty("paymentId").GetString()!] = payment.GetRawText();
            }
        }

        return new StoreSnapshot(cases, unmatched, await GetAsync(client, $"api/policies/{targets.SnapshotPolicy}"));
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>How a case changed, in the terms the brief cares about: state, balance, history, messages, payments.</summary>
    public static string Difference(string before, string after)
    {
        var b = JsonSerializer.Deserialize<CaseDto>(before, CobranzaApi.Json)!;
        var a = JsonSerializer.Deserialize<CaseDto>(after, CobranzaApi.Json)!;
        var added = (a.History ?? []).Skip(b.History?.Count ?? 0).Select(h => $"{h.Seq}:{h.Type} by {h.Actor} {h.Details}");
        return $"state {b.State}->{a.State}, balance {b.Balance}->{a.Balance}, history {b.History?.Count}->{a.History?.Count}, " +
            $"messages {b.Messages?.Count}->{a.Messages?.Count}, payments {b.Payments.Count}->{a.Payments.Count}, debtor {b.Debtor}->{a.Debtor}; " +
            $"new history: [{string.Join("; ", added)}]";
    }
}

/// <summary>One fuzz run: every request with its answer, and the snapshot before and after.</summary>
public sealed record FuzzCampaign(
    int Seed,
    TimeSpan Duration,
    IReadOnlyList<FuzzOutcome> Outcomes,
    StoreSnapshot Before,
    StoreSnapshot After,
    int FreshRefusedOpenCases,
    IReadOnlyList<string> FreshRefusedButOpened,
    string AppOutput)
{
    /// <summary>Counts by status, by endpoint and by kind of request, for the test output.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Fuzz seed {Seed} (set {FuzzCorpus.SeedVariable} to replay another): {Outcomes.Count} requests in {Duration.TotalSeconds:F1} s " +
            $"({Outcomes.Count / Duration.TotalSeconds:F0}/s, {FuzzFixture.InFlight} in flight).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Must be refused: {Outcomes.Count(o => o.Request.MustBeRefused)} ({Outcomes.Count(o => o.Request.TargetsSnapshot)} aimed at the snapshot); " +
            $"mutations: {Outcomes.Count(o => !o.Request.MustBeRefused)} ({Outcomes.Count(o => !o.Request.MustBeRefused && o.IsSuccess)} of them accepted).");
        text.AppendLine("Statuses: " + Counts(Outcomes.GroupBy(o => o.TransportError is null ? o.Status.ToString(CultureInfo.InvariantCulture) : "transport error")));
        foreach (var endpoint in Outcomes.GroupBy(o => o.Request.Endpoint).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {endpoint.Key,-10} {endpoint.Count(),5}: {Counts(endpoint.GroupBy(o => o.Status.ToString(CultureInfo.InvariantCulture)))}");
        }

        text.AppendLine("By strategy:");
        foreach (var strategy in Outcomes.GroupBy(o => (o.Request.MustBeRefused ? "refuse " : "mutate ") + o.Request.Strategy.Split(':')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {strategy.Key,-28} {strategy.Count(),5}: {Counts(strategy.GroupBy(o => o.Status.ToString(CultureInfo.InvariantCulture)))}");
        }

        return text.ToString();
    }

    /// <summary>A failure message: how many, grouped, and the first few in full (each with its seed and index).</summary>
    public string Report(string what, IReadOnlyList<FuzzOutcome> offenders, int shown = 12)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{offenders.Count} of {Outcomes.Count} fuzz requests (seed {Seed}) {what}.");
        text.AppendLine("Grouped by endpoint, strategy and status:");
        foreach (var group in offenders.GroupBy(o => $"{o.Request.Endpoint}/{o.Request.Strategy.Split(':')[0]} -> {(o.TransportError is null ? o.Status : "transport error")}")
            .OrderByDescending(g => g.Count()))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {group.Count(),5} x {group.Key}");
        }

        text.AppendLine("First offenders (different endpoint/strategy first):");
        var distinct = offenders.GroupBy(o => (o.Request.Endpoint, o.Request.Strategy.Split(':')[0], o.Status)).Select(g => g.First())
            .Concat(offenders).Distinct().Take(shown);
        foreach (var o in distinct)
        {
            text.AppendLine("  " + o.Describe());
        }

        return text.ToString();
    }

    private static string Counts(IEnumerable<IGrouping<string, FuzzOutcome>> groups) =>
        string.Join(", ", groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));
}

/// <summary>Bodies the robustness suites share.</summary>
public static class RobustnessBodies
{
    /// <summary>One e-mail step a month after the due date, handed off a month later, no contact rules: nothing fires during a test.</summary>
    public static PolicyBody LongWaitPolicy() =>
        PolicyBody.WithWaits("P30D").OnChannels(1, "email").HandedOffTo("agency", "P30D").With("steps[0].template", "recordatorio-amable");
}
