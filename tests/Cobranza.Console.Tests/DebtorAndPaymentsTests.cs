using Cobranza.Console.Tests.Support;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cobranza.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DebtorAndPaymentsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task DebtorPage_FromTheCaseLink_ShowsContactBalancesAndEveryInvoice()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.ViewerKey, $"#/cases/{fixture.Cases["dana-50"]}");
        await page.Locator(".case-header").GetByRole(AriaRole.Link, new() { Name = "Dana Smith" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Deudor: Dana Smith");
        await Expect(page.Locator(".case-header")).ToContainTextAsync("dana@example.com");
        await Expect(page.Locator("ul.invoices li")).ToHaveCountAsync(2);
        // The paid invoice is listed but no longer owed: the open balance is the other one.
        await Expect(page.Locator("td[data-label=Saldo]")).ToHaveTextAsync(["USD 1,200.00"]);
        await page.Locator($"ul.invoices li[data-invoice-id='{fixture.Cases["dana-20"]}'] a").ClickAsync();
        await Expect(page.Locator(".case-header")).ToContainTextAsync("Cerrado · pagado");
        await Expect(page.Locator("ol.timeline li[data-kind=payment]")).ToHaveCountAsync(1);
        session.AssertNoProblems();
    }

    [Fact]
    public async Task UnmatchedPayments_Supervisor_MatchesOneToAnInvoice()
    {
        var invoice = await fixture.OpenCaseAsync("sinasignar", Ids.New("deudor"), "Sara Sin", 250.00m, "MXN", 8);
        var payment = PaymentBody.For(Ids.New("desconocida"), 100.00m, "MXN");
        await fixture.Api.PayAsync(payment);

        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsync(TestCredentials.SupervisorKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Pagos sin asignar" }).ClickAsync();
        var row = page.Locator("tr").Filter(new() { HasText = payment.PaymentId });
        await row.GetByLabel("Factura (id)").FillAsync(invoice);
        await row.GetByRole(AriaRole.Button, new() { Name = "Asignar a la factura" }).ClickAsync();
        await Expect(row).ToContainTextAsync($"Asignado a {invoice}.");

        var matched = await fixture.Api.WaitForCaseAsync(invoice, c => c.Balance == 150.00m, "the matched payment applied");
        Assert.Contains(matched.Payments, p => p.PaymentId == payment.PaymentId);
        fixture.Payments.Add((invoice, 100.00m, "MXN"));
        session.AssertNoProblems();
    }
}
