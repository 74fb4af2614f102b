using System.Net;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.EndToEnd;

/// <summary>Many requests at once over real HTTP against one case (cases not yet due, so only the requests change them).</summary>
public sealed class ConcurrencyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task Case_ThirtyNotesAndThreePaymentsInParallel_AllSucceedAndHistoryHasEachExactlyOnce()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("CON")).NotYetDue());
        var notes = Enumerable.Range(1, 30).Select(i => $"note {i}").ToList();
        var payments = Enumerable.Range(1, 3).Select(i => PaymentBody.For(c.InvoiceId, 10.00m).WithId($"{c.InvoiceId}-p{i}")).ToList();

        var noteCalls = notes.Select(text => StatusOfAsync(Api.PostAsync($"api/cases/{c.InvoiceId}/notes", new JsonObject { ["text"] = text })));
        var paymentCalls = payments.Select(p => StatusOfAsync(Api.PostAsync("api/payments", p.ToJson())));
        var statuses = await Task.WhenAll(noteCalls.Concat(paymentCalls));

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(30), s => Assert.Equal(HttpStatusCode.Accepted, s));
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(notes.Order(StringComparer.Ordinal), after.History!.Where(h => h.Type == "note").Select(h => h.Details.GetProperty("text").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            payments.Select(p => p.PaymentId).Order(StringComparer.Ordinal),
            after.History!.Where(h => h.Type == "paymentReceived").Select(h => h.Details.GetProperty("paymentId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal((70.00m, 3), (after.Balance, after.Payments.Count));
        Assert.Equal(Enumerable.Range(1, after.History!.Count).Select(i => (long)i), after.History!.Select(h => h.Seq));
    }

    [Fact]
    public async Task OpenCase_SameInvoicePostedTenTimesInParallel_OpensOnceAndTheOthersAnswer200()
    {
        var body = CaseBody.Valid(Ids.New("CON")).NotYetDue();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => StatusOfAsync(Api.PostAsync("api/cases", body.ToJson()))));

        Assert.Single(statuses, s => s == HttpStatusCode.Accepted);
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(1, (await Api.GetCaseAsync(body.InvoiceId)).Count("opened"));
    }

    [Fact]
    public async Task Payment_SameDeliveryPostedEightTimesInParallel_IsAppliedOnce()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("CON")).NotYetDue());
        var payment = PaymentBody.For(c.InvoiceId, 25.00m);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => StatusOfAsync(Api.PostAsync("api/payments", payment.ToJson()))));

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted }));
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal((75.00m, 1, 1), (after.Balance, after.Payments.Count, after.Count("paymentReceived")));
    }

    [Fact]
    public async Task Payment_ArrivingWhileItsCaseIsBeingOpened_IsAppliedToTheCase()
    {
        var bodies = Enumerable.Range(0, 60).Select(_ => CaseBody.Valid(Ids.New("RACE")).NotYetDue()).ToList();
        var payments = bodies.Select(b => PaymentBody.For(b.InvoiceId, 5.00m)).ToList();

        // Each payment follows its case by 0-29 ms, so that some of them land while the case is being committed.
        var calls = bodies.Select(async (b, i) =>
        {
            var open = StatusOfAsync(Api.PostAsync("api/cases", b.ToJson()));
            await Task.Delay(i % 30);
            var pay = StatusOfAsync(Api.PostAsync("api/payments", payments[i].ToJson()));
            return await Task.WhenAll(open, pay);
        });
        var statuses = await Task.WhenAll(calls);
        Assert.All(statuses, s => Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted], s));

        var unapplied = new List<string>();
        foreach (var body in bodies)
        {
            var c = await Api.GetCaseAsync(body.InvoiceId);
            if (c.Balance != 95.00m)
            {
                unapplied.Add(c.InvoiceId);
            }
        }

        using var unmatched = await Api.GetAsync("api/payments/unmatched");
        var stillUnmatched = (await CobranzaApi.ReadAsync<UnmatchedPageDto>(unmatched, HttpStatusCode.OK)).Value
            .Where(p => payments.Any(x => x.PaymentId == p.PaymentId)).Select(p => p.InvoiceId).ToList();
        Assert.True(unapplied.Count == 0,
            $"{unapplied.Count} of {bodies.Count} payments posted while their case was being opened were never applied " +
            $"(cases {string.Join(", ", unapplied)}); left unmatched: {string.Join(", ", stillUnmatched)}");
        Assert.Empty(stillUnmatched);
    }

    private static async Task<HttpStatusCode> StatusOfAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return response.StatusCode;
    }
}
