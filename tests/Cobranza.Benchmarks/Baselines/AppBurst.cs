using System.Diagnostics;
using System.Globalization;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// The same burst through Cobranza: cases opened in one <c>POST /api/cases:batch</c> with a policy whose first step
/// waits <c>lead</c> after the opening and whose later steps wait <c>stepWait</c> after the previous was sent. A step
/// of the ladder counts from the opening, so the first steps fall due spread over the time the batch took to open;
/// each case's due time is read back from the case (<c>nextActionAt</c>), and every lateness is against the case's
/// own due time.
/// </summary>
internal static class AppBurst
{
    private const string Policy = "burst";
    private const string Prefix = "BURST-";

    public static async Task<(List<ReminderFire> Fires, TimeSpan Opening)> RunAsync(BenchmarkApp app, int cases, int steps, TimeSpan lead, TimeSpan stepWait)
    {
        await BaselineCases.PutPolicyAsync(app, Policy, [lead, .. Enumerable.Repeat(stepWait, steps - 1)]);
        var ids = Enumerable.Range(0, cases).Select(i => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{i:00000}")).ToList();
        var opening = Stopwatch.StartNew();
        await BaselineCases.OpenAsync(app, ids, Policy);
        opening.Stop();
        var firstDue = await BaselineCases.NextActionsAsync(app, Prefix);
        if (firstDue.Count != cases || firstDue.Values.Min() < DateTimeOffset.UtcNow)
        {
            Console.Error.WriteLine($"warning: {firstDue.Count} due times read for {cases} cases, the first due at {firstDue.Values.Min():HH:mm:ss.fff}: the lead time was too short");
        }

        await LifecycleTransactions.WaitAsync(() => BaselineCases.OutboxCountAsync(app, Prefix), n => n >= cases * steps, "every reminder of the burst");

        // Step k of a case is its k-th message; it was due stepWait after step k-1 was sent (the first: nextActionAt).
        var fires = new List<ReminderFire>();
        foreach (var byCase in (await BaselineCases.OutboxMessagesAsync(app, Prefix)).GroupBy(m => m.CaseId))
        {
            var due = firstDue[byCase.Key];
            var step = 0;
            foreach (var (_, sentAt) in byCase.OrderBy(m => m.SentAt))
            {
                fires.Add(new ReminderFire(byCase.Key, ++step, due, sentAt));
                due = sentAt + stepWait;
            }
        }

        return (fires, opening.Elapsed);
    }
}
