using System.Globalization;
using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// What a template can show, already formatted for the debtor's culture (see <see cref="MessageFormatting"/>). Build it
/// with <see cref="ForInvoice"/>, <see cref="ForInvoices"/> or <see cref="ForCase"/>; each property is one of
/// <see cref="TemplateVariables.Known"/>.
/// </summary>
public sealed record MessageModel
{
    /// <summary><c>debtor_name</c>.</summary>
    public required string DebtorName { get; init; }

    /// <summary><c>company_name</c>: signs every message.</summary>
    public required string CompanyName { get; init; }

    /// <summary><c>invoice_number</c>; empty in a combined message.</summary>
    public required string InvoiceNumber { get; init; }

    /// <summary><c>amount</c>, formatted.</summary>
    public required string Amount { get; init; }

    /// <summary><c>balance</c>, formatted.</summary>
    public required string Balance { get; init; }

    /// <summary><c>currency</c>: the ISO code(s).</summary>
    public required string Currency { get; init; }

    /// <summary><c>due_date</c>, formatted.</summary>
    public required string DueDate { get; init; }

    /// <summary><c>days_overdue</c>.</summary>
    public required int DaysOverdue { get; init; }

    /// <summary><c>payment_url</c>; null (falsy in Liquid) when there is no payment link.</summary>
    public string? PaymentUrl { get; init; }

    /// <summary><c>unsubscribe_url</c>.</summary>
    public required string UnsubscribeUrl { get; init; }

    /// <summary><c>invoices</c>: every invoice the message is about.</summary>
    public IReadOnlyList<InvoiceLine> Invoices { get; init; } = [];

    /// <summary><c>totals</c>: the outstanding balance per currency.</summary>
    public IReadOnlyList<CurrencyTotal> Totals { get; init; } = [];

    /// <summary>The model of a message about one invoice.</summary>
    /// <param name="language">The debtor's BCP 47 tag (<c>es-MX</c>): picks separators, symbol and date order.</param>
    /// <param name="debtorName">The debtor's name.</param>
    /// <param name="companyName">Who signs the message.</param>
    /// <param name="invoice">The invoice.</param>
    /// <param name="today">Today in the debtor's time zone, for <c>days_overdue</c>.</param>
    /// <param name="paymentUrl">Where to pay, when there is a link.</param>
    /// <param name="unsubscribeUrl">Where to stop email reminders.</param>
    public static MessageModel ForInvoice(
        string language, string debtorName, string companyName, InvoiceFacts invoice, DateOnly today, string? paymentUrl, string unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var culture = MessageFormatting.CultureFor(language);
        var line = InvoiceLine.From(invoice, today, culture);
        return new MessageModel
        {
            DebtorName = debtorName,
            CompanyName = companyName,
            InvoiceNumber = line.Number,
            Amount = line.Amount,
            Balance = line.Balance,
            Currency = line.Currency,
            DueDate = line.DueDate,
            DaysOverdue = line.DaysOverdue,
            PaymentUrl = NullIfBlank(paymentUrl),
            UnsubscribeUrl = unsubscribeUrl,
            Invoices = [line],
            Totals = [new CurrencyTotal(invoice.Currency, line.Balance)],
        };
    }

    /// <summary>
    /// The model of a combined message: several invoices of one debtor, oldest due first. The single-invoice fields
    /// summarise them: <c>amount</c> and <c>balance</c> are the totals per currency joined by " + ", <c>due_date</c> the
    /// earliest, <c>days_overdue</c> the largest, <c>invoice_number</c> empty.
    /// </summary>
    public static MessageModel ForInvoices(
        string language, string debtorName, string companyName, IReadOnlyList<InvoiceFacts> invoices, DateOnly today, string? paymentUrl, string unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        if (invoices.Count == 0)
        {
            throw new ArgumentException("A combined message needs at least one invoice.", nameof(invoices));
        }

        var culture = MessageFormatting.CultureFor(language);
        var ordered = invoices.OrderBy(i => i.DueOn).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
        var lines = ordered.Select(i => InvoiceLine.From(i, today, culture)).ToList();
        var byCurrency = ordered.GroupBy(i => i.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var totals = byCurrency
            .Select(g => new CurrencyTotal(g.Key, MessageFormatting.FormatMoney(g.Sum(i => i.Balance), g.Key, culture)))
            .ToList();
        var amounts = string.Join(" + ", byCurrency.Select(g => MessageFormatting.FormatMoney(g.Sum(i => i.Amount), g.Key, culture)));
        return new MessageModel
        {
            DebtorName = debtorName,
            CompanyName = companyName,
            InvoiceNumber = "",
            Amount = amounts,
            Balance = string.Join(" + ", totals.Select(t => t.Balance)),
            Currency = string.Join(", ", totals.Select(t => t.Currency)),
            DueDate = lines[0].DueDate,
            DaysOverdue = lines.Max(l => l.DaysOverdue),
            PaymentUrl = NullIfBlank(paymentUrl),
            UnsubscribeUrl = unsubscribeUrl,
            Invoices = lines,
            Totals = totals,
        };
    }

    /// <summary>The model of a message about a dunning case, in its debtor's language.</summary>
    public static MessageModel ForCase(DunningCase @case, string companyName, DateOnly today, string unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return ForInvoice(
            @case.Debtor.Language,
            @case.Debtor.Name,
            companyName,
            new InvoiceFacts(@case.InvoiceNumber ?? @case.InvoiceId, @case.Amount, @case.Balance, @case.Currency, @case.DueOn),
            today,
            @case.PaymentUrl,
            unsubscribeUrl);
    }

    /// <summary>The values Fluid sees, by variable name.</summary>
    internal IReadOnlyDictionary<string, object?> ToTemplateValues() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        [TemplateVariables.DebtorName] = DebtorName,
        [TemplateVariables.CompanyName] = CompanyName,
        [TemplateVariables.InvoiceNumber] = InvoiceNumber,
        [TemplateVariables.Amount] = Amount,
        [TemplateVariables.Balance] = Balance,
        [TemplateVariables.Currency] = Currency,
        [TemplateVariables.DueDate] = DueDate,
        [TemplateVariables.DaysOverdue] = DaysOverdue,
        [TemplateVariables.PaymentUrl] = PaymentUrl,
        [TemplateVariables.UnsubscribeUrl] = UnsubscribeUrl,
        [TemplateVariables.Invoices] = Invoices.Select(i => (object)i.ToTemplateValues()).ToList(),
        [TemplateVariables.InvoiceCount] = Invoices.Count,
        [TemplateVariables.Totals] = Totals.Select(t => (object)t.ToTemplateValues()).ToList(),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The raw facts of one invoice, before formatting.</summary>
public sealed record InvoiceFacts(string Number, decimal Amount, decimal Balance, string Currency, DateOnly DueOn);

/// <summary>One invoice as a template shows it (an item of <c>invoices</c>): every value formatted.</summary>
public sealed record InvoiceLine(string Number, string Amount, string Balance, string Currency, string DueDate, int DaysOverdue)
{
    internal static InvoiceLine From(InvoiceFacts invoice, DateOnly today, CultureInfo culture) => new(
        invoice.Number,
        MessageFormatting.FormatMoney(invoice.Amount, invoice.Currency, culture),
        MessageFormatting.FormatMoney(invoice.Balance, invoice.Currency, culture),
        invoice.Currency,
        MessageFormatting.FormatDate(invoice.DueOn, culture),
        MessageFormatting.DaysOverdue(invoice.DueOn, today));

    internal IDictionary<string, object?> ToTemplateValues() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["number"] = Number,
        ["amount"] = Amount,
        ["balance"] = Balance,
        ["currency"] = Currency,
        ["due_date"] = DueDate,
        ["days_overdue"] = DaysOverdue,
    };
}

/// <summary>The outstanding balance in one currency (an item of <c>totals</c>), formatted.</summary>
public sealed record CurrencyTotal(string Currency, string Balance)
{
    internal IDictionary<string, object?> ToTemplateValues() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["currency"] = Currency,
        ["balance"] = Balance,
    };
}
