using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class LanguageTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Language_SwitchedToEnglishThenPortuguese_TranslatesTheQueueAndIsRemembered()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.SupervisorKey, "#/queue?debtorId=deudor-bruno");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es-MX");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cola de trabajo" })).ToBeVisibleAsync();

        await page.GetByLabel("Idioma").SelectOptionAsync("en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Work queue" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.queue th").Nth(1)).ToHaveTextAsync("Invoice");
        await Expect(page.Locator($"tr[data-invoice-id='{fixture.Cases["bruno-120"]}'] td[data-label=Aging]")).ToHaveTextAsync("91+ days");
        await Expect(page.Locator($"tr[data-invoice-id='{fixture.Cases["bruno-120"]}'] td[data-label=Balance]")).ToHaveTextAsync("R$5,000.00");

        await page.GetByLabel("Language").SelectOptionAsync("pt");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fila de trabalho" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pt-BR");
        await Expect(page.Locator($"tr[data-invoice-id='{fixture.Cases["bruno-120"]}'] td[data-label=Saldo]")).ToHaveTextAsync("R$ 5.000,00");
        await Expect(page.Locator($"tr[data-invoice-id='{fixture.Cases["bruno-120"]}'] td[data-label=Estado]")).ToHaveTextAsync("Ativo");

        // The case page in Portuguese: history entries and actions are translated too.
        await page.Locator($"tr[data-invoice-id='{fixture.Cases["bruno-120"]}'] a").First.ClickAsync();
        await Expect(page.Locator("ol.timeline li[data-type=opened] .what")).ToHaveTextAsync("Caso aberto");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrar promessa" })).ToBeVisibleAsync();

        // Remembered: a reload stays in Portuguese.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Histórico" })).ToBeVisibleAsync();
        session.AssertNoProblems();
    }

    [Fact]
    public async Task SignIn_WrongKey_IsRefusedInTheForm()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GetByLabel("Clave de personal").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("La clave no es válida.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('cobranza.staffKey')"));
        session.AssertNoProblems();
    }

    [Fact]
    public async Task SignIn_KeyboardOnly_ReachesTheQueue()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        // The key field has the focus; type and press Enter.
        await Expect(page.GetByLabel("Clave de personal")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(TestCredentials.ViewerKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cola de trabajo" })).ToBeVisibleAsync();
        await Expect(page.Locator("header")).ToContainTextAsync("Consulta");
        // Landmarks for screen readers.
        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Navegación principal" })).ToBeVisibleAsync();
        session.AssertNoProblems();
    }
}
