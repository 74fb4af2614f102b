using Cobranza.Domain;
using Cobranza.Messaging.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Tests.Templates;

/// <summary>Models and renderers for the template tests.</summary>
internal static class TemplateTestData
{
    public const string Company = "Distribuidora Andina";
    public const string DebtorName = "Comercial Rivera";
    public const string InvoiceNumber = "F-2026-00123";
    public const string PaymentUrl = "https://pagos.example.com/p/4f9c2a7b1e";
    public const string UnsubscribeUrl = "https://cobranza.example.com/baja/9d2e71";

    public static readonly DateOnly DueOn = new(2026, 3, 5);
    public static readonly DateOnly Today = new(2026, 3, 20);

    public static IEnumerable<string> Languages => ["es", "en", "pt"];

    /// <summary>Every shipped template id × language × channel.</summary>
    public static TheoryData<string, string, Channel> AllShipped()
    {
        var data = new TheoryData<string, string, Channel>();
        foreach (var id in TemplateIds.All)
        {
            foreach (var language in Languages)
            {
                data.Add(id, language, Channel.Email);
                data.Add(id, language, Channel.Sms);
            }
        }

        return data;
    }

    /// <summary>A single-invoice model; the amount differs from the balance so both can be checked.</summary>
    public static MessageModel Single(
        string language = "es-MX", string? paymentUrl = PaymentUrl, string debtorName = DebtorName, string currency = "MXN",
        decimal amount = 15_000m, decimal balance = 12_345.67m) =>
        MessageModel.ForInvoice(
            language, debtorName, Company, new InvoiceFacts(InvoiceNumber, amount, balance, currency, DueOn), Today, paymentUrl, UnsubscribeUrl);

    /// <summary>Three invoices in two currencies.</summary>
    public static MessageModel Combined(string language = "es-MX", string? paymentUrl = PaymentUrl) =>
        MessageModel.ForInvoices(
            language,
            DebtorName,
            Company,
            [
                new InvoiceFacts("F-2026-00123", 15_000m, 12_345.67m, "MXN", DueOn),
                new InvoiceFacts("F-2026-00140", 2_000m, 2_000m, "MXN", new DateOnly(2026, 3, 12)),
                new InvoiceFacts("F-2026-00151", 800m, 800m, "USD", new DateOnly(2026, 3, 19)),
            ],
            Today,
            paymentUrl,
            UnsubscribeUrl);

    /// <summary>The model a template id is meant for.</summary>
    public static MessageModel For(string templateId, string language, string? paymentUrl = PaymentUrl) =>
        templateId == TemplateIds.Combined ? Combined(language, paymentUrl) : Single(language, paymentUrl);

    public static TemplateRenderer Renderer(ITemplateStore? store = null, TimeProvider? time = null, ILogger<TemplateRenderer>? logger = null) =>
        new(
            store ?? new NoTemplateStore(),
            Options.Create(new MessageTemplateOptions()),
            time ?? TimeProvider.System,
            logger ?? NullLogger<TemplateRenderer>.Instance);
}

/// <summary>A logger that keeps what was logged, to assert that something was (and what was not).</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
