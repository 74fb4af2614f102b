using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Cobranza.Functions.Tests.Support;
using CsvHelper;

namespace Cobranza.Functions.Tests.Console;

/// <summary>
/// The dashboard's counters against figures computed here from the cases the API lists, and the rebuild of the
/// projections giving the same answers as their incremental upkeep. One app of its own, so the dashboard covers
/// exactly the cases these tests open.
/// </summary>
public sealed class DashboardTests(DashboardTests.Portfolio portfolio) : IClassFixture<DashboardTests.Portfolio>
{
    private CobranzaApi Api => portfolio.Api;

    /// <summary>A small portfolio in every state: paid in part and in full, promised, kept, paused, cancelled, handed off, chased.</summary>
    public sealed class Portfolio : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var policy = await Api.NewQuietPolicyAsync();
            var debtor = Ids.New("debtor");
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            var partlyPaid = await Api.OpenAsync(policy, debtor, daysAgo: 10, 100m);
            await Api.PayAsync(PaymentBody.For(partlyPaid, 30m));
            var paid = await Api.OpenAsync(policy, debtor, daysAgo: 40, 200m);
            await Api.PayAsync(PaymentBody.For(paid, 200m));
            var promised = await Api.OpenAsync(policy, debtor, daysAgo: 70, 500m, "MXN");
            await Api.ActAsync(promised, "promises", new JsonObject { ["promisedOn"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            var kept = await Api.OpenAsync(policy, debtor, daysAgo: 5, 40m);
            await Api.ActAsync(kept, "promises", new JsonObject { ["promisedOn"] = today, ["amount"] = 40m });
            await Api.PayAsync(PaymentBody.For(kept, 40m));
            var paused = await Api.OpenAsync(policy, debtor, daysAgo: -3, 80m);
            await Api.ActAsync(paused, "pause", null);
            var legal = await Api.OpenAsync(policy, debtor, daysAgo: 100, 60m);
            await Api.ActAsync(legal, "escalate", new JsonObject { ["to"] = "legal" });
            await Api.WaitForCaseAsync(legal, c => c.Has("handoffDelivered"), "its file handed to legal");
            var cancelled = await Api.OpenAsync(policy, debtor, daysAgo: 20, 90m);
            await Api.ActAsync(cancelled, "cancel", null);
            await Api.OpenAsync(policy, debtor, daysAgo: 95, 1234.5m, "MXN");

            // A fast ladder: its messages go out and it is handed to the agency while the tests run.
            var fast = Ids.NewPolicyName("fast");
            await Api.PutPolicyAsync(fast, PolicyBody.WithWaits("PT1S"));
            var chased = await Api.OpenAsync(fast, Ids.New("debtor"), daysAgo: 15, 75m);
            await Api.WaitForCaseAsync(chased, c => c.State == "handedOff" && c.Has("handoffDelivered") && !c.HasPendingMessages, "chased and handed to the agency");
        }
    }

    [Fact]
    public async Task Dashboard_OverAPortfolio_MatchesFiguresComputedFromTheCasesAndPayments()
    {
        var (expected, actual) = await SettledAsync();

        Assert.Equal(expected, actual);
        using var dashboard = JsonDocument.Parse(await (await Api.GetAsync("api/dashboard")).Content.ReadAsStringAsync());
        Assert.False(dashboard.RootElement.GetProperty("dso").GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Number, dashboard.RootElement.GetProperty("averageDaysDelinquent").ValueKind);
        Assert.Contains(actual.Handoffs, h => h.To == "legal");
        Assert.Contains(actual.Messages, m => m.Channel == "email");
    }

    [Fact]
    public async Task Rebuild_AfterTheProjectionsAreLostOrWrong_GivesTheSameAnswersAsIncrementalUpkeep()
    {
        var (_, before) = await SettledAsync();
        var listings = await ListingsAsync();
        var index = new TableClient(portfolio.StorageConnection, portfolio.HubName + "CaseIndex");
        var dashboard = new TableClient(portfolio.StorageConnection, portfolio.HubName + "Dashboard");

        // Lose every counter and the active cases' index rows; plant a ghost: an active case shown as paused too.
        await foreach (var row in dashboard.QueryAsync<TableEntity>())
        {
            await dashboard.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var active = index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"active"}")).ToBlockingEnumerable().ToList();
        var ghostId = active.First(r => r.RowKey.StartsWith("i|", StringComparison.Ordinal)).RowKey[2..];
        foreach (var row in active)
        {
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            if (row.RowKey.EndsWith("|" + ghostId, StringComparison.Ordinal) || row.RowKey == "i|" + ghostId)
            {
                row.PartitionKey = "paused";
                await index.UpsertEntityAsync(row);
            }
        }

        Assert.NotEqual(listings, await ListingsAsync());

        using var collector = portfolio.App.ClientWithKey(TestCredentials.CollectorKey);
        using var refused = await collector.PostAsync("api/admin/projections:rebuild", null);
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden);
        using var rebuilt = await Api.PostAsync("api/admin/projections:rebuild", null);
        using var report = JsonDocument.Parse(await rebuilt.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(1, report.RootElement.GetProperty("staleEntriesRemoved").GetInt32());

        var (expected, after) = await SettledAsync();
        Assert.Equal(expected, after);
        Assert.Equal(before, after);
        Assert.Equal(listings, await ListingsAsync());
    }

    [Theory]
    [InlineData("casesByState", new[] { "state", "count" })]
    [InlineData("openBalanceByAging", new[] { "currency", "bucket", "balance", "cases" })]
    [InlineData("recoveryByMonth", new[] { "month", "currency", "opened", "collected", "rate" })]
    [InlineData("promises", new[] { "outcome", "count" })]
    [InlineData("messages", new[] { "channel", "status", "count" })]
    [InlineData("handoffs", new[] { "to", "count" })]
    public async Task DashboardCsv_EachTable_IsAnAttachmentWithItsColumnsAndTheJsonsRows(string table, string[] columns)
    {
        var (_, json) = await SettledAsync();
        using var response = await Api.GetAsync($"api/dashboard?format=csv&table={table}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"{table}.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        using var reader = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        Assert.True(await reader.ReadAsync() && reader.ReadHeader());
        Assert.Equal(columns, reader.HeaderRecord!);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        var expectedRows = table switch
        {
            "casesByState" => json.CasesByState.Count,
            "openBalanceByAging" => json.OpenBalanceByAging.Count,
            "recoveryByMonth" => json.RecoveryByMonth.Count,
            "promises" => 3,
            "messages" => json.Messages.Count,
            _ => json.Handoffs.Count,
        };
        Assert.Equal(expectedRows, rows);
    }

    [Theory]
    [InlineData("format=csv", "table")]
    [InlineData("format=csv&table=everything", "table")]
    [InlineData("format=pdf", "format")]
    public async Task Dashboard_BadParameter_Is400NamingIt(string query, string parameter)
    {
        using var response = await Api.GetAsync("api/dashboard?" + query);

        await Problem.AssertValidationAsync(response, parameter);
    }

    /// <summary>The dashboard and the figures computed from the cases, once both agree or the wait ends (the fast ladder runs meanwhile).</summary>
    private async Task<(Figures Expected, Figures Actual)> SettledAsync()
    {
        (Figures, Figures) last = default;
        await Eventually.WaitAsync(async () =>
        {
            var actual = Figures.From(await Api.DashboardAsync());
            var expected = await ComputeAsync();
            last = (expected, actual);
            return last;
        }, pair => pair.Item1 == pair.Item2, TimeSpan.FromSeconds(30), "the dashboard agrees with the cases");
        return last;
    }

    /// <summary>The figures as this test computes them from every case (listed, then read one by one for messages).</summary>
    private async Task<Figures> ComputeAsync()
    {
        var cases = await Api.AllAsync("sort=balance", pageSize: 500);
        var details = await Task.WhenAll(cases.Select(c => Api.GetCaseAsync(c.InvoiceId)));
        var open = cases.Where(c => c.State != "closed").ToList();
        string[] buckets = ["current", "1-30", "31-60", "61-90", "91+"];
        var aging = open.Select(c => c.Currency).Distinct().Order(StringComparer.Ordinal)
            .SelectMany(currency => buckets.Select(bucket =>
            {
                var inBucket = open.Where(c => c.Currency == currency && c.AgingBucket == bucket).ToList();
                return new AgingBalanceDto(currency, bucket, inBucket.Sum(c => c.Balance), inBucket.Count);
            }));
        string[] states = ["active", "promised", "paused", "handedOff", "closed"];
        var byState = states.Select(s => new StateCountDto(s, cases.Count(c => c.State == s)));
        var opened = cases.GroupBy(c => (c.OpenedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), c.Currency)).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        var collected = cases.SelectMany(c => c.Payments.Select(p => (Key: (p.PaidAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), c.Currency), p.Applied)))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Applied));
        var recovery = opened.Keys.Union(collected.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
            .Select(k => (k, o: opened.GetValueOrDefault(k), c: collected.GetValueOrDefault(k)))
            .Select(x => new RecoveryDto(x.k.Item1, x.k.Item2, x.o, x.c, x.o == 0 ? null : decimal.Round(x.c / x.o, 4)));
        var promises = new PromisesDto(
            cases.Count(c => c.Promise?.Status == "kept"), cases.Count(c => c.Promise?.Status == "broken"), cases.Count(c => c.Promise?.Status == "pending"));
        var messages = details.SelectMany(d => d.Messages ?? []).GroupBy(m => (m.Channel, m.Status))
            .OrderBy(g => g.Key.Channel, StringComparer.Ordinal).ThenBy(g => g.Key.Status, StringComparer.Ordinal)
            .Select(g => new MessageCountDto(g.Key.Channel, g.Key.Status, g.Count()));
        var handoffs = cases.Where(c => c.HandedOffTo is not null).GroupBy(c => c.HandedOffTo!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new HandoffCountDto(g.Key, g.Count()));
        var pastDue = open.Where(c => c.DaysOverdue > 0).ToList();
        var average = pastDue.Count == 0 ? 0 : decimal.Round(pastDue.Sum(c => (decimal)c.DaysOverdue) / pastDue.Count, 2);
        return new Figures([.. aging], [.. byState], [.. recovery], promises, [.. messages], [.. handoffs], average);
    }

    /// <summary>Every order of the whole queue, as invoice ids with their balances and states.</summary>
    private async Task<List<string>> ListingsAsync()
    {
        var listings = new List<string>();
        foreach (var sort in new[] { "-daysOverdue", "daysOverdue", "balance", "-balance", "nextAction", "-nextAction" })
        {
            listings.AddRange((await Api.AllAsync("sort=" + sort, pageSize: 3)).Select(c => $"{sort} {c.InvoiceId} {c.State} {c.Balance}"));
        }

        return listings;
    }

    /// <summary>The dashboard's figures, compared as values (lists by their JSON).</summary>
    public sealed record Figures(
        List<AgingBalanceDto> OpenBalanceByAging, List<StateCountDto> CasesByState, List<RecoveryDto> RecoveryByMonth, PromisesDto Promises,
        List<MessageCountDto> Messages, List<HandoffCountDto> Handoffs, decimal AverageDaysDelinquent)
    {
        public static Figures From(DashboardDto d) => new(d.OpenBalanceByAging, d.CasesByState, d.RecoveryByMonth, d.Promises, d.Messages, d.Handoffs, d.AverageDaysDelinquent);

        public bool Equals(Figures? other) => other is not null && Json(this) == Json(other);

        public override int GetHashCode() => Json(this).GetHashCode(StringComparison.Ordinal);

        private static string Json(Figures f) => JsonSerializer.Serialize(f);
    }
}
