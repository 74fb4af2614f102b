using System.Globalization;
using Cobranza.Functions.Tests.Support;
using Microsoft.Playwright;

namespace Cobranza.Console.Tests.Support;

/// <summary>
/// The app on loopback with its own Azurite (the Functions tests' <see cref="AppFixture"/>), a portfolio opened through
/// the signed ERP webhook with some payments applied, and Debian's chromium driven by Playwright.
/// </summary>
public sealed class ConsoleFixture : AppFixture
{
    /// <summary>A ladder that waits a year: nothing is sent while the tests look at the page.</summary>
    public const string QuietPolicy = "consola";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The seeded cases by a short name the tests use.</summary>
    public Dictionary<string, string> Cases { get; } = [];

    /// <summary>Every payment the fixture made, as (invoice, amount, currency).</summary>
    public List<(string InvoiceId, decimal Amount, string Currency)> Payments { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A new browser context (its own sessionStorage and localStorage) with a page on the app.</summary>
    public async Task<ConsoleSession> OpenAsync(int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "es-MX",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new ConsoleSession(context, page);
    }

    /// <summary>Opens a case due <paramref name="daysOverdue"/> days ago (negative: not yet due) on the quiet policy.</summary>
    public async Task<string> OpenCaseAsync(string prefix, string debtorId, string debtorName, decimal amount, string currency, int daysOverdue,
        string language = "es-MX", string timeZone = "America/Mexico_City")
    {
        var id = Ids.New(prefix);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dueOn = today.AddDays(-daysOverdue);
        var body = CaseBody.Valid(id)
            .OnPolicy(QuietPolicy)
            .OfAmount(amount, currency)
            .ForDebtor(debtorId)
            .With("debtor.name", debtorName)
            .With("debtor.language", language)
            .With("debtor.timeZone", timeZone)
            .With("issuedOn", dueOn.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .With("dueOn", dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Api.OpenCaseAsync(body);
        return id;
    }

    public async Task PayAsync(string invoiceId, decimal amount, string currency)
    {
        await Api.PayAsync(PaymentBody.For(invoiceId, amount, currency).With("paidAt", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        Payments.Add((invoiceId, amount, currency));
    }

    private async Task SeedAsync()
    {
        await Api.PutPolicyAsync(QuietPolicy, PolicyBody.WithWaits("P365D"));
        Cases["ana-10"] = await OpenCaseAsync("ana", "deudor-ana", "Ana Pérez", 1500.00m, "MXN", 10);
        Cases["ana-45"] = await OpenCaseAsync("ana", "deudor-ana", "Ana Pérez", 2300.50m, "MXN", 45);
        Cases["ana-current"] = await OpenCaseAsync("ana", "deudor-ana", "Ana Pérez", 990.00m, "MXN", -15);
        Cases["bruno-75"] = await OpenCaseAsync("bruno", "deudor-bruno", "Bruno Souza", 800.00m, "BRL", 75, "pt-BR", "America/Sao_Paulo");
        Cases["bruno-120"] = await OpenCaseAsync("bruno", "deudor-bruno", "Bruno Souza", 5000.00m, "BRL", 120, "pt-BR", "America/Sao_Paulo");
        Cases["dana-20"] = await OpenCaseAsync("dana", "deudor-dana", "Dana Smith", 300.00m, "USD", 20, "en-US", "America/New_York");
        Cases["dana-50"] = await OpenCaseAsync("dana", "deudor-dana", "Dana Smith", 1200.00m, "USD", 50, "en-US", "America/New_York");

        // A partial payment (the balance goes down) and a full one (the case closes as paid).
        await PayAsync(Cases["ana-45"], 500.00m, "MXN");
        await PayAsync(Cases["dana-20"], 300.00m, "USD");
        await Api.WaitForCaseAsync(Cases["dana-20"], c => c.State == "closed", "closed as paid");
        await Api.WaitForCaseAsync(Cases["ana-45"], c => c.Balance == 1800.50m, "balance lowered");
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
