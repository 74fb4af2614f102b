using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;
using CsvHelper;

namespace Cobranza.Functions.Tests.Console;

/// <summary>The work queue (<c>GET /api/cases</c>) served from the case index: every filter and order, paging, CSV, roles.</summary>
public sealed class WorkQueueTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CobranzaApi Api => fixture.Api;

    /// <summary>Five cases, one per aging bucket, of distinct balances (one in MXN), on a policy of their own.</summary>
    private async Task<(string Policy, string Debtor, Dictionary<string, string> Ids)> FiveCasesAsync()
    {
        var policy = await Api.NewQuietPolicyAsync();
        var debtor = Ids.New("debtor");
        var ids = new Dictionary<string, string>
        {
            ["A"] = await Api.OpenAsync(policy, debtor, daysAgo: -5, 300m),
            ["B"] = await Api.OpenAsync(policy, debtor, daysAgo: 1, 50m),
            ["C"] = await Api.OpenAsync(policy, debtor, daysAgo: 31, 700m),
            ["D"] = await Api.OpenAsync(policy, debtor, daysAgo: 61, 20m),
            ["E"] = await Api.OpenAsync(policy, debtor, daysAgo: 100, 1000m, "MXN"),
        };
        return (policy, debtor, ids);
    }

    private async Task<string[]> NamesAsync(Dictionary<string, string> ids, string query)
    {
        var names = ids.ToDictionary(i => i.Value, i => i.Key);
        return [.. (await Api.PageAsync(query)).Value.Select(c => names[c.InvoiceId])];
    }

    [Fact]
    public async Task ListCases_EachSortAndFilter_ReturnsTheMatchingCasesInOrder()
    {
        var (policy, _, ids) = await FiveCasesAsync();
        var p = "policy=" + policy;

        Assert.Equal(["E", "D", "C", "B", "A"], await NamesAsync(ids, p));
        Assert.Equal(["E", "D", "C", "B", "A"], await NamesAsync(ids, p + "&sort=-daysOverdue"));
        Assert.Equal(["A", "B", "C", "D", "E"], await NamesAsync(ids, p + "&sort=daysOverdue"));
        // Balances order within a currency; currencies in code order (MXN before USD).
        Assert.Equal(["E", "D", "B", "A", "C"], await NamesAsync(ids, p + "&sort=balance"));
        Assert.Equal(["E", "C", "A", "B", "D"], await NamesAsync(ids, p + "&sort=-balance"));
        Assert.Equal(["D", "B", "A", "C"], await NamesAsync(ids, p + "&sort=balance&currency=USD"));
        Assert.Equal(["C", "A", "B", "D"], await NamesAsync(ids, p + "&sort=-balance&currency=USD"));
        Assert.Equal(["B", "A"], await NamesAsync(ids, p + "&sort=balance&currency=USD&minBalance=50&maxBalance=300"));
        Assert.Equal(["A", "B"], await NamesAsync(ids, p + "&sort=-balance&currency=USD&minBalance=50&maxBalance=300"));
        Assert.Equal(["E", "C", "A"], await NamesAsync(ids, p + "&minBalance=100"));
        Assert.Equal(["D", "B"], await NamesAsync(ids, p + "&maxBalance=50"));
        Assert.Equal(["E"], await NamesAsync(ids, p + "&currency=MXN"));

        Assert.Equal(["A"], await NamesAsync(ids, p + "&aging=current"));
        Assert.Equal(["B"], await NamesAsync(ids, p + "&aging=1-30"));
        Assert.Equal(["C"], await NamesAsync(ids, p + "&aging=31-60"));
        Assert.Equal(["D"], await NamesAsync(ids, p + "&aging=61-90"));
        Assert.Equal(["E"], await NamesAsync(ids, p + "&aging=91%2B"));
        Assert.Equal(["C"], await NamesAsync(ids, p + "&aging=31-60&sort=daysOverdue"));
        Assert.Equal(["B"], await NamesAsync(ids, p + "&aging=1-30&sort=balance"));
        Assert.Equal(["E", "D", "C", "B", "A"], await NamesAsync(ids, p + "&state=active"));
        Assert.Empty(await NamesAsync(ids, p + "&state=paused"));

        var items = (await Api.PageAsync(p)).Value.ToDictionary(c => c.InvoiceId);
        Assert.Equal((0, "current"), (items[ids["A"]].DaysOverdue, items[ids["A"]].AgingBucket));
        Assert.Equal((1, "1-30"), (items[ids["B"]].DaysOverdue, items[ids["B"]].AgingBucket));
        Assert.Equal((100, "91+"), (items[ids["E"]].DaysOverdue, items[ids["E"]].AgingBucket));
        Assert.All(items.Values, c => Assert.Null(c.History));

        foreach (var sort in new[] { "nextAction", "-nextAction" })
        {
            var next = (await Api.PageAsync($"{p}&sort={sort}")).Value.Select(c => c.NextActionAt ?? DateTimeOffset.MaxValue).ToList();
            Assert.Equal(5, next.Count);
            Assert.Equal(sort.StartsWith('-') ? next.OrderDescending() : next.Order(), next);
        }
    }

    [Fact]
    public async Task ListCases_PageSizeTwo_FollowsTheTokenThroughEveryOrderAndTheDebtorsCases()
    {
        var (policy, debtor, ids) = await FiveCasesAsync();

        foreach (var sort in new[] { "-daysOverdue", "daysOverdue", "balance", "-balance", "nextAction", "-nextAction" })
        {
            var whole = (await Api.PageAsync($"policy={policy}&sort={sort}")).Value.Select(c => c.InvoiceId).ToList();
            var paged = (await Api.AllAsync($"policy={policy}&sort={sort}", pageSize: 2)).Select(c => c.InvoiceId).ToList();
            Assert.Equal(whole, paged);

            var byDebtor = (await Api.AllAsync($"debtorId={debtor}&sort={sort}", pageSize: 2)).Select(c => c.InvoiceId).ToList();
            Assert.Equal(whole, byDebtor);
        }

        Assert.Equal(5, ids.Count);
    }

    [Fact]
    public async Task ListCases_AfterPaymentPromisePauseAndClose_TheCaseMovesBetweenStatesAndOrders()
    {
        var policy = await Api.NewQuietPolicyAsync();
        var debtor = Ids.New("debtor");
        var x = await Api.OpenAsync(policy, debtor, daysAgo: 10, 100m);
        var y = await Api.OpenAsync(policy, debtor, daysAgo: 12, 70m);
        var names = new Dictionary<string, string> { [x] = "X", [y] = "Y" };
        async Task<string[]> ListAsync(string query) =>
            [.. (await Api.PageAsync($"policy={policy}&{query}")).Value.Select(c => names[c.InvoiceId])];

        Assert.Equal(["Y", "X"], await ListAsync("sort=balance"));

        await Api.PayAsync(PaymentBody.For(x, 60m));
        Assert.Equal(["X", "Y"], await ListAsync("sort=balance"));
        Assert.Equal(40m, (await Api.PageAsync($"policy={policy}&state=active&maxBalance=40")).Value.Single().Balance);

        await Api.ActAsync(x, "promises", new JsonObject { ["promisedOn"] = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.Equal(["X"], await ListAsync("state=promised"));
        Assert.Equal(["Y"], await ListAsync("state=active"));

        await Api.ActAsync(x, "pause", null);
        Assert.Equal(["X"], await ListAsync("state=paused"));
        Assert.Empty(await ListAsync("state=promised"));

        await Api.PayAsync(PaymentBody.For(x, 40m));
        var closed = (await Api.PageAsync($"policy={policy}&state=closed")).Value;
        Assert.Equal([x], closed.Select(c => c.InvoiceId));
        Assert.Equal(0m, closed[0].Balance);
        Assert.Empty(await ListAsync("state=paused"));
        Assert.Equal(["X", "Y"], await ListAsync("sort=balance"));
    }

    [Fact]
    public async Task ListCases_ManyCasesChangingAtOnce_EveryOneIsListedOnceInItsStateAndOrder()
    {
        var policy = await Api.NewQuietPolicyAsync();
        var opened = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Api.OpenAsync(policy, Ids.New("debtor"), daysAgo: i, 10m + i)));

        var active = await Api.AllAsync($"policy={policy}&state=active&sort=balance", pageSize: 7);
        Assert.Equal(opened, active.Select(c => c.InvoiceId));

        // Half of them paid in full at once: they leave the active partition together and arrive in the closed one.
        await Task.WhenAll(opened.Where((_, i) => i % 2 == 0).Select((id, n) => Api.PayAsync(PaymentBody.For(id, 10m + 2 * n))));
        var closed = await Api.AllAsync($"policy={policy}&state=closed&sort=-daysOverdue", pageSize: 5);
        Assert.Equal(opened.Where((_, i) => i % 2 == 0).Reverse(), closed.Select(c => c.InvoiceId));
        Assert.All(closed, c => Assert.Equal(0m, c.Balance));
        Assert.Equal(opened.Where((_, i) => i % 2 == 1), (await Api.AllAsync($"policy={policy}&state=active&sort=balance", pageSize: 5)).Select(c => c.InvoiceId));
    }

    [Fact]
    public async Task ListCases_AsCsv_IsAnAttachmentOfEveryMatchingCaseWithTheContractsColumns()
    {
        var (policy, _, _) = await FiveCasesAsync();
        var json = await Api.AllAsync($"policy={policy}", pageSize: 2);

        using var byFormat = await Api.GetAsync($"api/cases?policy={policy}&pageSize=2&format=csv");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/cases?policy={policy}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var byAccept = await Api.Client.SendAsync(request);

        foreach (var response in new[] { byFormat, byAccept })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment; filename=\"cases.csv\"", response.Content.Headers.ContentDisposition?.ToString());
            using var reader = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
            Assert.True(await reader.ReadAsync() && reader.ReadHeader());
            Assert.Equal(
                ["invoiceId", "invoiceNumber", "debtorId", "debtorName", "state", "balance", "currency", "dueOn", "daysOverdue", "agingBucket", "policy", "currentStep", "nextActionAt"],
                reader.HeaderRecord!);
            var rows = new List<(string Id, decimal Balance, string DueOn, int Days, string Bucket, string Policy)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetField("invoiceId")!, decimal.Parse(reader.GetField("balance")!, CultureInfo.InvariantCulture), reader.GetField("dueOn")!,
                    int.Parse(reader.GetField("daysOverdue")!, CultureInfo.InvariantCulture), reader.GetField("agingBucket")!, reader.GetField("policy")!));
            }

            Assert.Equal(json.Select(c => (c.InvoiceId, c.Balance, c.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.DaysOverdue, c.AgingBucket, policy)), rows);
        }
    }

    [Theory]
    [InlineData(TestCredentials.ViewerKey, "vera", "viewer", new[] { "read" })]
    [InlineData(TestCredentials.CollectorKey, "carlos", "collector", new[] { "read", "promise", "note", "pause", "resume", "escalateNext" })]
    [InlineData(TestCredentials.SupervisorKey, "sofia", "supervisor",
        new[] { "read", "promise", "note", "pause", "resume", "escalateNext", "escalateHandoff", "cancel", "writeOff", "matchPayment", "policies" })]
    public async Task Me_EachRole_NamesItsKeyRoleAndTheActionsItMayTake(string key, string keyId, string role, string[] may)
    {
        using var client = fixture.App.ClientWithKey(key);
        using var response = await client.GetAsync("api/me");

        var me = await CobranzaApi.ReadAsync<MeDto>(response, HttpStatusCode.OK);
        Assert.Equal((keyId, role), (me.KeyId, me.Role));
        Assert.Equal(may, me.May);
    }

    [Fact]
    public async Task Me_WithoutAKey_Is401()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var response = await client.GetAsync("api/me");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("state=open", "state")]
    [InlineData("aging=0-30", "aging")]
    [InlineData("sort=amount", "sort")]
    [InlineData("sort=--balance", "sort")]
    [InlineData("minBalance=abc", "minBalance")]
    [InlineData("minBalance=-5", "minBalance")]
    [InlineData("maxBalance=1.00001", "maxBalance")]
    [InlineData("minBalance=10&maxBalance=5", "maxBalance")]
    [InlineData("currency=usd", "currency")]
    [InlineData("debtorId=a%20b", "debtorId")]
    [InlineData("policy=%27x%27", "policy")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("format=xml", "format")]
    [InlineData("continuationToken=bm90LWEtdG9rZW4", "continuationToken")]
    public async Task ListCases_BadParameter_Is400NamingIt(string query, string parameter)
    {
        using var response = await Api.GetAsync("api/cases?" + query);

        await Problem.AssertValidationAsync(response, parameter);
    }

    [Fact]
    public async Task Debtor_WithCasesInTwoCurrencies_ShowsContactBalancesPerCurrencyAndEveryCase()
    {
        var (_, debtor, ids) = await FiveCasesAsync();
        await Api.ActAsync(ids["D"], "cancel", null);

        using var response = await Api.GetAsync($"api/debtors/{debtor}");
        var detail = await CobranzaApi.ReadAsync<DebtorDetailDto>(response, HttpStatusCode.OK);

        Assert.Equal((debtor, "Dana Smith", "dana@example.com"), (detail.DebtorId, detail.Name, detail.Email));
        Assert.Equal([new DebtorBalanceDto("MXN", 1000m, 1), new DebtorBalanceDto("USD", 1050m, 3)], detail.Balances);
        Assert.Equal(new[] { "E", "D", "C", "B", "A" }.Select(n => ids[n]), detail.Cases.Select(c => c.InvoiceId));
        Assert.Equal("91+", detail.Cases[0].AgingBucket);
    }

    [Fact]
    public async Task Debtor_Unknown_Is404Problem()
    {
        using var response = await Api.GetAsync($"api/debtors/{Ids.New("nobody")}");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }
}
