using System.Globalization;
using Cobranza.Messaging.Templates;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class MessageFormattingTests
{
    [Fact]
    public void FormatMoney_EsMxVersusEsEs_UseEachCulturesSeparatorsAndSymbolRule()
    {
        var mexico = MessageFormatting.FormatMoney(1500.5m, "MXN", CultureInfo.GetCultureInfo("es-MX"));
        var spain = MessageFormatting.FormatMoney(1500.5m, "EUR", CultureInfo.GetCultureInfo("es-ES"));

        Assert.Equal("$1,500.50 MXN", mexico);
        Assert.Equal("1.500,50 EUR", spain);
    }

    [Theory]
    [InlineData("es-CL", 150000, "CLP", "$150.000 CLP")]
    [InlineData("es-CL", 150000.4, "CLP", "$150.000 CLP")]
    [InlineData("en-US", 150000, "JPY", "150,000 JPY")]
    [InlineData("es-MX", 12.5, "KWD", "12.500 KWD")]
    public void FormatMoney_CurrencyMinorUnits_DecideTheDecimals(string language, double amount, string currency, string expected)
    {
        var formatted = MessageFormatting.FormatMoney((decimal)amount, currency, CultureInfo.GetCultureInfo(language));

        Assert.Equal(expected, formatted);
    }

    [Theory]
    [InlineData("es-ES", "USD", "1.500,50 USD")]
    [InlineData("es-MX", "USD", "1,500.50 USD")]
    [InlineData("pt-BR", "BRL", "R$ 1.500,50 BRL")]
    [InlineData("en-US", "USD", "$1,500.50 USD")]
    [InlineData("es-419", "USD", "1,500.50 USD")]
    [InlineData("es", "EUR", "1.500,50 EUR")]
    public void FormatMoney_ForeignOrUnknownLocalCurrency_GetsNoLocalSymbol(string language, string currency, string expected)
    {
        var formatted = MessageFormatting.FormatMoney(1500.5m, currency, CultureInfo.GetCultureInfo(language));

        Assert.Equal(expected, formatted);
    }

    [Theory]
    [InlineData("es-MX", "05/03/2026")]
    [InlineData("es-ES", "5/3/2026")]
    [InlineData("en-US", "3/5/2026")]
    [InlineData("pt-BR", "05/03/2026")]
    public void FormatDate_ByCulture_UsesTheCulturesShortDate(string language, string expected)
    {
        Assert.Equal(expected, MessageFormatting.FormatDate(new DateOnly(2026, 3, 5), MessageFormatting.CultureFor(language)));
    }

    [Theory]
    [InlineData("es-MX", "es")]
    [InlineData("PT_br", "pt")]
    [InlineData("en", "en")]
    public void PrimarySubtag_Tag_IsTheLowerCaseLanguage(string tag, string expected)
    {
        Assert.Equal(expected, MessageFormatting.PrimarySubtag(tag));
    }

    [Fact]
    public void ForInvoice_EsMxModel_FormatsAmountBalanceDateAndDaysOverdue()
    {
        var model = TemplateTestData.Single("es-MX");

        Assert.Equal("$15,000.00 MXN", model.Amount);
        Assert.Equal("$12,345.67 MXN", model.Balance);
        Assert.Equal("05/03/2026", model.DueDate);
        Assert.Equal(15, model.DaysOverdue);
        Assert.Equal([new CurrencyTotal("MXN", "$12,345.67 MXN")], model.Totals);
        Assert.Equal(TemplateTestData.InvoiceNumber, Assert.Single(model.Invoices).Number);
    }

    [Fact]
    public void ForInvoices_TwoCurrencies_TotalsPerCurrencyAndSummarisesOldestDueAndLargestDelay()
    {
        var model = TemplateTestData.Combined("es-ES");

        Assert.Equal(["F-2026-00123", "F-2026-00140", "F-2026-00151"], model.Invoices.Select(i => i.Number));
        Assert.Equal([new CurrencyTotal("MXN", "14.345,67 MXN"), new CurrencyTotal("USD", "800,00 USD")], model.Totals);
        Assert.Equal("14.345,67 MXN + 800,00 USD", model.Balance);
        Assert.Equal("MXN, USD", model.Currency);
        Assert.Equal("5/3/2026", model.DueDate);
        Assert.Equal(15, model.DaysOverdue);
        Assert.Equal("", model.InvoiceNumber);
    }

    [Fact]
    public void ForInvoice_BlankPaymentUrl_BecomesNull()
    {
        Assert.Null(TemplateTestData.Single(paymentUrl: "  ").PaymentUrl);
    }
}
