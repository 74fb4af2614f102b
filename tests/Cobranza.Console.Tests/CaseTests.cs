using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CaseTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task CasePage_RecordPromise_TimelineGainsThePromiseAndTheHeaderShowsIt()
    {
        var id = await fixture.OpenCaseAsync("promesa", "deudor-promesa", "Pedro Promesa", 4200.00m, "MXN", 33);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, $"#/cases/{id}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(id);
        await Expect(page.Locator("ol.timeline li[data-type=opened]")).ToHaveCountAsync(1);
        await Expect(page.Locator("ol.timeline li[data-type=promiseRecorded]")).ToHaveCountAsync(0);

        var promisedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar promesa" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Fecha prometida").FillAsync(promisedOn);
        await dialog.GetByLabel("Importe (opcional)").FillAsync("1000");
        await dialog.GetByLabel("Nota (opcional)").FillAsync("Paga el viernes");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar" }).ClickAsync();

        // The page shows the case the API answered with: no reload.
        await Expect(dialog).ToHaveCountAsync(0);
        var promiseEntry = page.Locator("ol.timeline li[data-type=promiseRecorded]");
        await Expect(promiseEntry).ToHaveCountAsync(1);
        await Expect(promiseEntry).ToContainTextAsync("Promesa de pago registrada");
        await Expect(promiseEntry).ToContainTextAsync($"personal ({TestCredentials.CollectorId})");
        await Expect(promiseEntry).ToContainTextAsync("Paga el viernes");
        await Expect(page.Locator(".case-header")).ToContainTextAsync("Promesa de pago");
        await Expect(page.Locator("#status")).ToContainTextAsync("Hecho: Registrar promesa.");

        var stored = await fixture.Api.GetCaseAsync(id);
        Assert.Equal("promised", stored.State);
        Assert.Equal(1000m, stored.Promise!.Amount);
        await Screenshots.SaveAsync(page, "case");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task CasePage_RefusedAction_ShowsTheProblemNextToTheField()
    {
        var id = await fixture.OpenCaseAsync("pasado", "deudor-pasado", "Paula Pasado", 100.00m, "MXN", 12);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, $"#/cases/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Registrar promesa" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Fecha prometida").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-5).ToString("yyyy-MM-dd"));
        await dialog.GetByLabel("Fecha prometida").PressAsync("Enter");

        var fieldError = dialog.Locator(".field-error").First;
        await Expect(fieldError).ToContainTextAsync("Fecha prometida:");
        await Expect(dialog.GetByLabel("Fecha prometida")).ToHaveAttributeAsync("aria-invalid", "true");

        // Escape closes the dialog and nothing changed.
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal("active", (await fixture.Api.GetCaseAsync(id)).State);
        session.AssertNoProblems();
    }

    [Fact]
    public async Task CasePage_Collector_DoesNotSeeSupervisorOnlyActions()
    {
        var id = fixture.Cases["ana-10"];
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.CollectorKey, $"#/cases/{id}");

        var actions = page.Locator(".actions button");
        await Expect(actions).ToHaveTextAsync(["Registrar promesa", "Pausar", "Reanudar", "Escalar", "Agregar nota"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancelar caso" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Castigar saldo" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pagos sin asignar" })).ToHaveCountAsync(0);

        // Escalating is offered to the next step only: legal and agency are a supervisor's.
        await page.GetByRole(AriaRole.Button, new() { Name = "Escalar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).Locator("select[name=to] option")).ToHaveTextAsync(["Siguiente paso ahora"]);
        await page.Keyboard.PressAsync("Escape");

        // A supervisor sees them all.
        await using var supervisor = await fixture.OpenAsync();
        await supervisor.SignInAsync(TestCredentials.SupervisorKey, $"#/cases/{id}");
        await Expect(supervisor.Page.Locator(".actions button")).ToHaveTextAsync(
            ["Registrar promesa", "Pausar", "Reanudar", "Escalar", "Cancelar caso", "Castigar saldo", "Agregar nota"]);
        await Expect(supervisor.Page.GetByRole(AriaRole.Link, new() { Name = "Pagos sin asignar" })).ToBeVisibleAsync();
        session.AssertNoProblems();
    }

    [Fact]
    public async Task CasePage_SentMessages_ShowChannelStatusAndTheRenderedText()
    {
        var policy = Ids.NewPolicyName("rapida");
        await fixture.Api.PutPolicyAsync(policy, PolicyBody.WithWaits("PT1S", "P365D"));
        var id = Ids.New("mensaje");
        await fixture.Api.OpenCaseAsync(CaseBody.Valid(id).OnPolicy(policy).ForDebtor(Ids.New("deudor")).InLanguage("es-MX", "America/Mexico_City", "Marta Mensaje", "+525512345678"));
        var sent = await fixture.Api.WaitForCaseAsync(id, c => c.Sent.Count() == 2, "step 1 sent by email and SMS");
        var email = sent.Sent.Single(m => m.Channel == "email");

        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.ViewerKey, $"#/cases/{id}");
        var entries = page.Locator("ol.timeline li[data-kind=message]");
        await Expect(entries).ToHaveCountAsync(2);
        var emailEntry = entries.Filter(new() { HasText = "Correo" });
        await Expect(emailEntry.Locator(".what")).ToHaveTextAsync("Mensaje (Correo, paso 1): enviado");
        await Expect(emailEntry.Locator("summary")).ToHaveTextAsync(email.Subject!);
        await Expect(emailEntry.Locator("pre")).Not.ToBeVisibleAsync();
        await emailEntry.Locator("summary").ClickAsync();
        await Expect(emailEntry.Locator("pre")).ToContainTextAsync("Marta Mensaje");
        await Expect(page.Locator("ol.timeline li[data-type=messageSent] .actor").First).ToHaveTextAsync("Por: Sistema");
        session.AssertNoProblems();
    }

    [Fact]
    public async Task CasePage_Viewer_SeesNoActions()
    {
        await using var session = await fixture.OpenAsync();
        await session.SignInAsync(TestCredentials.ViewerKey, $"#/cases/{fixture.Cases["bruno-75"]}");
        await Expect(session.Page.Locator(".case-header")).ToContainTextAsync("Bruno Souza");
        await Expect(session.Page.Locator(".actions button")).ToHaveCountAsync(0);
    }
}
