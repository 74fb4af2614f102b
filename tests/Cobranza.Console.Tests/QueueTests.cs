using System.Text.Json;
using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class QueueTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Queue_FilteredByStateAndAgingBucket_ShowsExactlyTheMatchingCases()
    {
        // What the page must show, from the list the API gives without filters.
        var all = await CaseList.AllAsync(fixture.Api);
        var expected = all.Where(c => c.GetProperty("state").GetString() == "active" && c.GetProperty("agingBucket").GetString() == "31-60")
            .Select(c => c.GetProperty("invoiceId").GetString()!).Order().ToList();
        Assert.Contains(fixture.Cases["ana-45"], expected);
        Assert.Contains(fixture.Cases["dana-50"], expected);

        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cola de trabajo" })).ToBeVisibleAsync();
        await page.GetByLabel("Estado").SelectOptionAsync(new SelectOptionValue { Label = "Activo" });
        await page.GetByLabel("Antigüedad").SelectOptionAsync(new SelectOptionValue { Label = "31–60 días" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("state=active.*aging=31-60"));
        var rows = page.Locator("table.queue tbody tr");
        await Expect(rows).ToHaveCountAsync(expected.Count);
        var shown = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.invoiceId)")).Order().ToList();
        Assert.Equal(expected, shown);
        foreach (var state in await page.Locator("table.queue tbody td[data-label=Estado]").AllTextContentsAsync())
        {
            Assert.Equal("Activo", state);
        }

        // The filters survive a reload (they are in the hash route).
        await page.ReloadAsync();
        await Expect(rows).ToHaveCountAsync(expected.Count);
        await Expect(page.GetByLabel("Antigüedad")).ToHaveValueAsync("31-60");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Queue_SortedByBalance_ShowsTheLargestFirstOrLast()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, "#/queue?debtorId=deudor-bruno");
        await page.GetByLabel("Ordenar por").SelectOptionAsync("-balance");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Expect(page.Locator("table.queue tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.queue tbody td[data-label=Saldo]")).ToHaveTextAsync(["BRL 5,000.00", "BRL 800.00"]);

        await page.GetByLabel("Ordenar por").SelectOptionAsync("balance");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrar" }).ClickAsync();
        await Expect(page.Locator("table.queue tbody td[data-label=Saldo]")).ToHaveTextAsync(["BRL 800.00", "BRL 5,000.00"]);
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Queue_RefusedFilter_IsShownAtItsField()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey);
        await page.GetByLabel("Saldo mínimo").FillAsync("500");
        await page.GetByLabel("Saldo máximo").FillAsync("100");
        await page.GetByLabel("Saldo máximo").PressAsync("Enter");

        await Expect(page.GetByLabel("Saldo máximo")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("form.filters .field-error").Filter(new() { HasText = "Saldo máximo:" })).ToHaveCountAsync(1);
        await Expect(page.Locator("table.queue")).ToHaveCountAsync(0);
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Queue_Desktop_ShowsTheOpenCasesWithFormattedAmounts()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.SupervisorKey, "#/queue?debtorId=deudor-ana");

        var row = page.Locator($"table.queue tbody tr[data-invoice-id='{fixture.Cases["ana-45"]}']");
        await Expect(row.Locator("td[data-label=Saldo]")).ToHaveTextAsync("$1,800.50");
        await Expect(row.Locator("td[data-label=Deudor]")).ToHaveTextAsync("Ana Pérez");
        await Expect(page.Locator("table.queue tbody tr")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(page, "queue");

        // The export is the filtered queue, fetched with the key (a plain link could not send it).
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Exportar CSV" }).ClickAsync());
        Assert.Equal("casos.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync())).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("invoiceId,", lines[0]);
        Assert.Equal(3, lines.Count - 1);
        Assert.All(lines.Skip(1), line => Assert.Contains("deudor-ana", line));
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Queue_BulkPause_PausesEachSelectedCaseAndShowsItsResult()
    {
        var debtor = Ids.New("lote");
        var first = await fixture.OpenCaseAsync("lote", debtor, "Lucía Lote", 700.00m, "MXN", 40);
        var second = await fixture.OpenCaseAsync("lote", debtor, "Lucía Lote", 900.00m, "MXN", 5);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, $"#/queue?debtorId={debtor}");

        await Expect(page.Locator("table.queue tbody tr")).ToHaveCountAsync(2);
        await page.GetByLabel("Seleccionar todos").CheckAsync();
        await page.GetByLabel("Acción para los casos seleccionados").SelectOptionAsync(new SelectOptionValue { Label = "Pausar" });
        await page.Locator("form.bulk").GetByLabel("Motivo").FillAsync("Disputa abierta");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aplicar a seleccionados" }).ClickAsync();

        await Expect(page.Locator("table.queue td.result")).ToHaveTextAsync(["Hecho", "Hecho"]);
        await Expect(page.Locator("#status")).ToHaveTextAsync("2 de 2 casos actualizados.");
        await Expect(page.Locator("table.queue tbody td[data-label=Estado]")).ToHaveTextAsync(["En pausa", "En pausa"]);
        Assert.Equal("paused", (await fixture.Api.GetCaseAsync(first)).State);
        var paused = await fixture.Api.GetCaseAsync(second);
        Assert.Equal("paused", paused.State);
        Assert.Equal(TestCredentials.CollectorId, paused.History!.Single(h => h.Type == "paused").Actor);

        // Resuming a case that is not paused is refused per row, with the reason.
        await fixture.Api.ActAsync(first, "resume", null);
        await page.GetByLabel("Acción para los casos seleccionados").SelectOptionAsync(new SelectOptionValue { Label = "Reanudar" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Aplicar a seleccionados" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("1 de 2 casos actualizados.");
        await Expect(page.Locator($"tr[data-invoice-id='{first}'] td.result")).ToContainTextAsync("No es posible en el estado actual del caso.");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task Queue_PhoneViewport_ShowsRowsAsLabelledCards()
    {
        await using var session = await fixture.OpenAsync(390, 844);
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, "#/queue?debtorId=deudor-bruno");

        var firstRow = page.Locator("table.queue tbody tr").First;
        await Expect(firstRow).ToBeVisibleAsync();
        Assert.Equal("block", await firstRow.EvaluateAsync<string>("row => getComputedStyle(row).display"));
        Assert.Equal("1px", await page.Locator("table.queue thead").EvaluateAsync<string>("head => getComputedStyle(head).height"));
        // Each cell carries its column's name as a label, and the card fits the screen.
        Assert.Equal("\"Saldo\"", await firstRow.Locator("td[data-label=Saldo]").EvaluateAsync<string>("cell => getComputedStyle(cell, '::before').content"));
        var box = await firstRow.BoundingBoxAsync();
        Assert.True(box!.Width <= 390, $"The card is {box.Width}px wide on a 390px screen.");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "The page scrolls sideways.");
        await Screenshots.SaveAsync(page, "queue-phone");
        session.AssertNoProblems();
    }
}
