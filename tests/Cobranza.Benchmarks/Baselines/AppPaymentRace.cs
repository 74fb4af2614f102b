using System.Collections.Concurrent;
using System.Globalization;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// The same race against Cobranza: cases mid-ladder with steps <c>stepWait</c> apart, each paid once at a random
/// moment of the window through the signed <c>POST /api/payments</c>; counts the outbox messages sent after the
/// payment's <c>paymentReceived</c> history entry (and after the webhook's 202).
/// </summary>
internal static class AppPaymentRace
{
    public const string Policy = "race";
    private const string Prefix = "RACE-";

    public static async Task<PaymentRaceResult> RunAsync(BenchmarkApp app, int cases, TimeSpan window, TimeSpan stepWait, CancellationToken cancellationToken)
    {
        await BaselineCases.PutPolicyAsync(app, Policy, Enumerable.Repeat(stepWait, 20).ToList());
        var ids = Enumerable.Range(0, cases).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{i:00000}")).ToList();
        await BaselineCases.OpenAsync(app, ids, Policy);

        // Mid-ladder: wait until every case has had its first message.
        await LifecycleTransactions.WaitAsync(() => BaselineCases.OutboxCaseCountAsync(app, Prefix), n => n >= cases, "the first step of every race case");

        var random = new Random(7);
        var offsets = ids.ToDictionary(id => id, _ => window * random.NextDouble());
        var acknowledged = new ConcurrentDictionary<string, DateTimeOffset>();
        var start = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ids.Count, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            await Task.Delay(offsets[id], ct);
            LifecycleTransactions.Expect(await app.PostSignedAsync("api/payments", LifecycleTransactions.PaymentJson(id), BenchmarkApp.PaymentsSecret), 202);
            acknowledged[id] = DateTimeOffset.UtcNow;
        });
        var end = start + window;

        // Let whatever was already on its way land before counting.
        await Task.Delay(stepWait + TimeSpan.FromSeconds(5), cancellationToken);
        var recorded = new ConcurrentDictionary<string, DateTimeOffset>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, _) =>
            recorded[id] = await BaselineCases.PaymentRecordedAtAsync(app, id) ?? throw new InvalidOperationException($"{id} has no paymentReceived entry."));
        var sent = await BaselineCases.OutboxMessagesAsync(app, Prefix);
        return new PaymentRaceResult(cases, acknowledged.Count, sent.Count(m => m.SentAt >= start && m.SentAt <= end),
            sent.Count(m => m.SentAt > recorded[m.CaseId]), sent.Count(m => m.SentAt > acknowledged[m.CaseId]),
            window, sent.Where(m => m.SentAt > recorded[m.CaseId]).Select(m => m.SentAt - recorded[m.CaseId]).DefaultIfEmpty().Max());
    }
}
