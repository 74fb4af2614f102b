using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// A thousand requests on one case at once, over HTTP, 32 in flight: 300 payments (and 50 redeliveries of some of
/// them), 200 promises, 300 notes by two staff keys (50 of them retried at once with the same Idempotency-Key) and 100
/// pause/resume pairs. Whatever order they were applied in, the case must end in
/// one consistent state. Each test judges one property of the same run.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class OneCaseConcurrencyTests(OneCaseConcurrencyFixture fixture, ITestOutputHelper output) : IClassFixture<OneCaseConcurrencyFixture>
{
    private static readonly string[] StateDependent = ["promise", "pause", "resume"];

    private async Task<OneCaseRun> RunAsync()
    {
        var run = await fixture.Run;
        output.WriteLine(run.Summary());
        return run;
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_OnlyStateConflictsAndRetriesInProgressAreRefusedAndAs409ProblemJson()
    {
        var run = await RunAsync();

        Assert.True(run.Outcomes.Count >= 1000, $"only {run.Outcomes.Count} requests were sent");
        var wrong = run.Outcomes.Where(o => !o.IsSuccess
            && !(o.Status == 409 && o.MediaType == "application/problem+json" && (StateDependent.Contains(o.Op.Kind) || o.Op.IdempotencyKey is not null))).ToList();
        Assert.True(wrong.Count == 0,
            $"{wrong.Count} answers were neither 2xx nor a 409 problem for a promise, pause, resume or a retry still in progress:\n" + string.Join("\n", wrong.Take(15)) +
            "\nApp output:\n" + Tail(run.AppOutput));
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_BalanceIsAmountMinusDistinctAcceptedPayments()
    {
        var run = await RunAsync();

        var paid = run.Accepted("payment", "duplicate").GroupBy(o => o.Op.Key).Sum(g => g.First().Op.Amount!.Value);
        Assert.True(paid < OneCaseConcurrencyFixture.Amount, "the payments were meant to leave a balance");
        Assert.Equal((OneCaseConcurrencyFixture.Amount - paid, 0m), (run.Final.Balance, run.Final.Overpayment));
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_EveryAcceptedPaymentIsInPaymentsAndHistoryExactlyOnce()
    {
        var run = await RunAsync();

        var accepted = run.Accepted("payment", "duplicate").Select(o => o.Op.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        var refused = run.Outcomes.Where(o => o.Op.Kind is "payment" or "duplicate").Select(o => o.Op.Key).Except(accepted).ToList();
        var inPayments = run.Final.Payments.Select(p => p.PaymentId).Order(StringComparer.Ordinal).ToList();
        var inHistory = run.Final.History!.Where(h => h.Type == "paymentReceived").Select(h => h.Details.GetProperty("paymentId").GetString()!)
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(OneCaseConcurrencyFixture.Payments, accepted.Count + refused.Count);
        Assert.Equal(accepted, inPayments);
        Assert.Equal(accepted, inHistory);
        var amounts = run.Outcomes.Where(o => o.Op.Kind == "payment").ToDictionary(o => o.Op.Key, o => o.Op.Amount!.Value, StringComparer.Ordinal);
        Assert.All(run.Final.Payments, p => Assert.Equal(amounts[p.PaymentId], p.Amount));
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_EveryAcceptedNoteAppearsExactlyOnceNamingTheKeyThatSentIt()
    {
        var run = await RunAsync();

        var accepted = run.Accepted("note", "retry").Select(o => (o.Op.Key, o.Op.Actor)).Distinct().Order().ToList();
        var recorded = run.Final.History!.Where(h => h.Type == "note").Select(h => (h.Details.GetProperty("text").GetString()!, h.Actor)).Order().ToList();

        Assert.Equal(accepted, recorded);
        Assert.Equal(OneCaseConcurrencyFixture.Notes, accepted.Count);
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_ARetryWithTheSameIdempotencyKeyAnswersAsTheFirstOrIsToldToWait()
    {
        var run = await RunAsync();

        var retried = run.Outcomes.Where(o => o.Op.IdempotencyKey is not null).GroupBy(o => o.Op.IdempotencyKey).ToList();
        Assert.Equal(OneCaseConcurrencyFixture.RetriedNotes, retried.Count);
        Assert.All(retried, pair =>
        {
            var statuses = pair.Select(o => o.Status).Order().ToList();
            Assert.True(statuses.SequenceEqual([200, 200]) || statuses.SequenceEqual([200, 409]), $"{pair.Key}: {string.Join(", ", pair)}");
        });
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_HistorySeqIsOneToNWithoutGapsOrDuplicates()
    {
        var run = await RunAsync();

        var seqs = run.Final.History!.Select(h => h.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        Assert.True(seqs.Count > OneCaseConcurrencyFixture.Notes, $"only {seqs.Count} history entries");
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_AcceptedPromisesPausesAndResumesAreEachInHistoryOnce()
    {
        var run = await RunAsync();

        var history = run.Final.History!;
        Assert.Equal(
            (run.Accepted("promise").Count(), run.Accepted("pause").Count(), run.Accepted("resume").Count()),
            (history.Count(h => h.Type == "promiseRecorded"), history.Count(h => h.Type == "paused"), history.Count(h => h.Type == "resumed")));
        var promiseNotes = run.Accepted("promise").Select(o => o.Op.Key).Order(StringComparer.Ordinal);
        Assert.Equal(promiseNotes, history.Where(h => h.Type == "promiseRecorded").Select(h => h.Details.GetProperty("note").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OneCase_ThousandConcurrentRequests_PausesAndResumesAlternateAndTheFinalStateFollowsTheLast()
    {
        var run = await RunAsync();

        var toggles = run.Final.History!.Where(h => h.Type is "paused" or "resumed").Select(h => h.Type).ToList();
        var expected = Enumerable.Range(0, toggles.Count).Select(i => i % 2 == 0 ? "paused" : "resumed");
        Assert.Equal(expected, toggles);
        Assert.True(toggles.Count > 0, "no pause was ever accepted");
        var paused = toggles[^1] == "paused";
        Assert.True(paused == (run.Final.State == "paused"), $"the last toggle was {toggles[^1]} but the case is {run.Final.State}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
