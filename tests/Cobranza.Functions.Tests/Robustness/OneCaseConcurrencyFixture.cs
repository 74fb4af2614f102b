using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// One case on a policy that sends nothing for a month, and, run once for all the tests of the class, a thousand
/// requests on it at once (bounded to <see cref="InFlight"/>): payments, promises, notes, pause/resume pairs, and
/// duplicate deliveries of some payments. Notes come from two staff keys, and some are retried at once with the same
/// Idempotency-Key.
/// </summary>
public sealed class OneCaseConcurrencyFixture : AppFixture
{
    public const string Policy = "solo-p30d";
    public const decimal Amount = 100_000.00m;
    public const int InFlight = 32;
    public const int Payments = 300;
    public const int Duplicates = 50;
    public const int Promises = 200;
    public const int Notes = 300;
    public const int RetriedNotes = 50;
    public const int PausePairs = 100;

    private readonly Lazy<Task<OneCaseRun>> _run;

    public OneCaseConcurrencyFixture() => _run = new Lazy<Task<OneCaseRun>>(RunAsync);

    public string InvoiceId { get; } = Ids.New("ONE");

    public Task<OneCaseRun> Run => _run.Value;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.PutPolicyAsync(Policy, RobustnessBodies.LongWaitPolicy());

        // No phone: nothing an SMS could do. Due in 30 days, first step 30 days later: no timer fires during the test.
        await Api.OpenCaseAsync(CaseBody.Valid(InvoiceId).NotYetDue().OnPolicy(Policy).With("amount", Amount).Without("debtor.phone"));
    }

    private async Task<OneCaseRun> RunAsync()
    {
        var seed = FuzzCorpus.SeedFromEnvironment();
        var rng = new Random(seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var items = new List<OneCaseOp[]>();
        var payments = new List<OneCaseOp>();
        var paidAt = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Payments; i++)
        {
            var id = $"{InvoiceId}-pay-{i:000}";
            var amount = rng.Next(1, 1001) / 100m;
            var body = PaymentBody.For(InvoiceId, amount).WithId(id).With("paidAt", paidAt.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var op = new OneCaseOp("payment", id, "api/payments", body.ToJson(), amount);
            payments.Add(op);
            items.Add([op]);
        }

        foreach (var original in payments.OrderBy(_ => rng.Next()).Take(Duplicates))
        {
            items.Add([original with { Kind = "duplicate" }]);
        }

        for (var i = 0; i < Promises; i++)
        {
            // Three days ahead at least: the debtor's today (America/New_York) is never past the UTC today.
            var body = new JsonObject
            {
                ["promisedOn"] = today.AddDays(rng.Next(3, 60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["amount"] = rng.Next(2) == 0 ? null : rng.Next(100, 50_000) / 100m,
                ["note"] = $"promise {i}",
            };
            items.Add([new OneCaseOp("promise", $"promise {i}", $"api/cases/{InvoiceId}/promises", body, null)]);
        }

        for (var i = 0; i < Notes; i++)
        {
            var text = $"note {i:000} {Guid.NewGuid():N}";
            var staffKey = i % 2 == 0 ? TestCredentials.CollectorKey : TestCredentials.SupervisorKey;
            var note = new OneCaseOp("note", text, $"api/cases/{InvoiceId}/notes", new JsonObject { ["text"] = text }, null, staffKey,
                i < RetriedNotes ? Guid.NewGuid().ToString() : null);
            items.Add([note]);
            if (note.IdempotencyKey is not null)
            {
                items.Add([note with { Kind = "retry" }]);
            }
        }

        for (var i = 0; i < PausePairs; i++)
        {
            items.Add(
            [
                new OneCaseOp("pause", $"pause {i}", $"api/cases/{InvoiceId}/pause", new JsonObject { ["reason"] = $"pause {i}" }, null),
                new OneCaseOp("resume", $"resume {i}", $"api/cases/{InvoiceId}/resume", null, null),
            ]);
        }

        var shuffled = items.OrderBy(_ => rng.Next()).ToList();

        // A client of its own (signed in, signing webhooks), without the contract-checking handler: every answer is recorded and judged by the tests.
        using var client = new HttpClient(new CredentialsHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = InFlight * 2 }))
        {
            BaseAddress = App.BaseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var outcomes = new List<OneCaseOutcome>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (item, ct) =>
        {
            foreach (var op in item)
            {
                var outcome = await SendAsync(client, op, ct);
                lock (outcomes)
                {
                    outcomes.Add(outcome);
                }
            }
        });
        clock.Stop();

        var final = await Api.GetCaseAsync(InvoiceId);
        return new OneCaseRun(seed, clock.Elapsed, outcomes, final, App.RecentOutput);
    }

    private static async Task<OneCaseOutcome> SendAsync(HttpClient client, OneCaseOp op, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, op.Path)
        {
            Content = new StringContent(op.Body?.ToJsonString() ?? "", Encoding.UTF8, "application/json"),
        };
        if (op.StaffKey is not null)
        {
            request.Headers.Add("x-functions-key", op.StaffKey);
        }

        if (op.IdempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", op.IdempotencyKey);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var text = status >= 300 ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
            return new OneCaseOutcome(op, status, response.Content.Headers.ContentType?.MediaType, text, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new OneCaseOutcome(op, 0, null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}

/// <summary>
/// One request of the run: a payment (or its redelivery), a promise, a note (or its retry with the same idempotency
/// key), a pause or a resume; staff requests without a <paramref name="StaffKey"/> use the supervisor's.
/// </summary>
public sealed record OneCaseOp(string Kind, string Key, string Path, JsonNode? Body, decimal? Amount, string? StaffKey = null, string? IdempotencyKey = null)
{
    public string Actor => StaffKey == TestCredentials.CollectorKey ? TestCredentials.CollectorId : TestCredentials.SupervisorId;
}

public sealed record OneCaseOutcome(OneCaseOp Op, int Status, string? MediaType, string? Body, string? TransportError)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public override string ToString() =>
        $"{Op.Kind} {Op.Key} POST /{Op.Path} {Op.Body?.ToJsonString()} -> {(TransportError ?? $"{Status} '{MediaType}' {Body}")}";
}

public sealed record OneCaseRun(int Seed, TimeSpan Duration, IReadOnlyList<OneCaseOutcome> Outcomes, CaseDto Final, string AppOutput)
{
    public IEnumerable<OneCaseOutcome> Accepted(params string[] kinds) => Outcomes.Where(o => o.IsSuccess && kinds.Contains(o.Op.Kind));

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Seed {Seed}: {Outcomes.Count} requests on case {Final.InvoiceId} in {Duration.TotalSeconds:F1} s " +
            $"({Outcomes.Count / Duration.TotalSeconds:F0}/s, {OneCaseConcurrencyFixture.InFlight} in flight).");
        foreach (var kind in Outcomes.GroupBy(o => o.Op.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {kind.Key,-9} {kind.Count(),4}: {string.Join(", ", kind.GroupBy(o => o.TransportError is null ? o.Status.ToString(CultureInfo.InvariantCulture) : "transport error").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"Final: {Final.State}, balance {Final.Balance} of {Final.Amount}, {Final.Payments.Count} payments, {Final.History?.Count} history entries, {Final.Messages?.Count} messages.");
        return text.ToString();
    }
}
