using System.Globalization;
using System.Net;
using System.Text.Json;
using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DashboardTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Dashboard_Numbers_EqualWhatTheTestComputesFromTheCasesAndItsPayments()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.SupervisorKey, "#/dashboard");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tablero de cartera" })).ToBeVisibleAsync();

        // The dashboard's counters follow the cases as they commit; look again until they have caught up.
        var mismatch = "";
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var cases = await CaseList.AllAsync(fixture.Api);
            mismatch = await CompareAsync(page, cases);
            if (mismatch.Length == 0)
            {
                break;
            }

            await Task.Delay(500);
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tablero de cartera" })).ToBeVisibleAsync();
        }

        Assert.True(mismatch.Length == 0, mismatch);
        await Expect(page.Locator("[data-dso=unavailable]")).ToContainTextAsync("no disponible.");
        await Expect(page.Locator("[data-block=casesByState] svg title")).ToHaveTextAsync("Casos por estado");
        await Screenshots.SaveAsync(page, "dashboard");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Dashboard_CsvButton_DownloadsTheTable()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.SupervisorKey, "#/dashboard");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("[data-block=casesByState]").GetByRole(AriaRole.Button, new() { Name = "Descargar CSV" }).ClickAsync());
        Assert.Equal("casesByState.csv", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("state,count", text);
        session.AssertNoProblems();
    }

    /// <summary>The differences between the page's tables and the figures computed here ("" when none).</summary>
    private async Task<string> CompareAsync(IPage page, List<JsonElement> cases)
    {
        var problems = new List<string>();
        var open = cases.Where(c => c.GetProperty("state").GetString() != "closed").ToList();
        foreach (var currency in open.Select(c => c.GetProperty("currency").GetString()!).Distinct())
        {
            foreach (var bucket in new[] { "current", "1-30", "31-60", "61-90", "91+" })
            {
                var inBucket = open.Where(c => c.GetProperty("currency").GetString() == currency && c.GetProperty("agingBucket").GetString() == bucket).ToList();
                var balance = inBucket.Sum(c => c.GetProperty("balance").GetDecimal());
                var row = page.Locator($"[data-table='openBalanceByAging-{currency}'] tr[data-key='{bucket}']");
                Check(problems, $"open balance {currency} {bucket}", balance, await ValueAsync(row, "balance"));
                Check(problems, $"open cases {currency} {bucket}", inBucket.Count, await ValueAsync(row, "cases"));
            }
        }

        foreach (var state in new[] { "active", "promised", "paused", "handedOff", "closed" })
        {
            var count = cases.Count(c => c.GetProperty("state").GetString() == state);
            Check(problems, $"cases {state}", count, await ValueAsync(page.Locator($"[data-table=casesByState] tr[data-key='{state}']"), "count"));
        }

        foreach (var currency in fixture.Payments.Select(p => p.Currency).Distinct())
        {
            var paid = fixture.Payments.Where(p => p.Currency == currency).Sum(p => p.Amount);
            var cells = page.Locator($"[data-table=recoveryByMonth] tr[data-key$='|{currency}'] td[data-column=collected]");
            var shown = (await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value)")).Sum(v => decimal.Parse(v, CultureInfo.InvariantCulture));
            Check(problems, $"collected {currency}", paid, shown);
        }

        return string.Join("; ", problems);
    }

    private static void Check(List<string> problems, string what, decimal expected, decimal? shown)
    {
        if (shown != expected)
        {
            problems.Add($"{what}: expected {expected}, the page shows {shown?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
        }
    }

    private static async Task<decimal?> ValueAsync(ILocator row, string column)
    {
        var cell = row.Locator($"td[data-column={column}]");
        if (await cell.CountAsync() != 1)
        {
            return null;
        }

        var value = await cell.GetAttributeAsync("data-value");
        return value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture);
    }
}
