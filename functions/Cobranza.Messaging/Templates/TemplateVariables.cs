using System.Collections.Frozen;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// The names a template may use. Top-level names are <see cref="Known"/>; items of <c>invoices</c> have
/// <see cref="InvoiceFields"/>, items of <c>totals</c> have <see cref="TotalFields"/>. <see cref="TemplateValidator"/>
/// refuses anything else, so a typo is caught when a template is saved rather than rendering as an empty string.
/// </summary>
public static class TemplateVariables
{
    /// <summary>The debtor's name as the invoice source gave it.</summary>
    public const string DebtorName = "debtor_name";

    /// <summary>Who the message comes from; every message is signed with it.</summary>
    public const string CompanyName = "company_name";

    /// <summary>The invoice number (its id when it has none). Empty in a combined message.</summary>
    public const string InvoiceNumber = "invoice_number";

    /// <summary>The invoiced amount, formatted ("$1,500.50 MXN"). In a combined message: the total per currency.</summary>
    public const string Amount = "amount";

    /// <summary>What is still owed, formatted. In a combined message: the total per currency ("A + B").</summary>
    public const string Balance = "balance";

    /// <summary>The ISO 4217 code ("MXN"); in a combined message with several currencies, them joined by ", ".</summary>
    public const string Currency = "currency";

    /// <summary>The due date in the debtor's culture. In a combined message: the earliest one.</summary>
    public const string DueDate = "due_date";

    /// <summary>Whole days past the due date (a number). In a combined message: the largest.</summary>
    public const string DaysOverdue = "days_overdue";

    /// <summary>Where to pay; empty (falsy in <c>{% if %}</c>) when the invoice has no payment link.</summary>
    public const string PaymentUrl = "payment_url";

    /// <summary>Where the debtor stops email reminders.</summary>
    public const string UnsubscribeUrl = "unsubscribe_url";

    /// <summary>The invoices of a combined message (one item in a single-invoice message).</summary>
    public const string Invoices = "invoices";

    /// <summary>How many invoices <c>invoices</c> holds.</summary>
    public const string InvoiceCount = "invoice_count";

    /// <summary>Outstanding balance per currency, one item per currency.</summary>
    public const string Totals = "totals";

    /// <summary>Every top-level variable name.</summary>
    public static FrozenSet<string> Known { get; } = new[]
    {
        DebtorName, CompanyName, InvoiceNumber, Amount, Balance, Currency, DueDate, DaysOverdue, PaymentUrl, UnsubscribeUrl,
        Invoices, InvoiceCount, Totals,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The fields of an item of <c>invoices</c>: <c>{% for i in invoices %}{{ i.number }}{% endfor %}</c>.</summary>
    public static FrozenSet<string> InvoiceFields { get; } =
        new[] { "number", "amount", "balance", "currency", "due_date", "days_overdue" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The fields of an item of <c>totals</c>.</summary>
    public static FrozenSet<string> TotalFields { get; } = new[] { "currency", "balance" }.ToFrozenSet(StringComparer.Ordinal);
}
