using System.Globalization;
using Cobranza.Domain;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Messaging;

/// <summary>Renders a step's message in the debtor's language, with amounts and dates formatted for that language.</summary>
public sealed class MessageRenderer(IOptions<CompanyOptions> company)
{
    public (string Subject, string Body) Render(DunningCase @case, SendMessage message, DateTimeOffset now)
    {
        var language = message.Language.Split('-')[0];
        var culture = CultureFor(message.Language);
        var text = BuiltInTemplates.For(message.Tone, language);
        var template = message.Channel == Channel.Sms ? text.Sms : text.EmailBody;
        var hasUrl = !string.IsNullOrWhiteSpace(@case.PaymentUrl);
        template = template
            .Replace("{payLine}", hasUrl ? BuiltInTemplates.PayLine(language) : "", StringComparison.Ordinal)
            .Replace("{payShort}", hasUrl ? BuiltInTemplates.PayShort(language) : "", StringComparison.Ordinal);

        var today = LocalClock.LocalDate(now, @case.Debtor.Zone);
        var values = new Dictionary<string, string>
        {
            ["debtorName"] = @case.Debtor.Name,
            ["invoice"] = @case.InvoiceNumber ?? @case.InvoiceId,
            ["amount"] = FormatAmount(@case.Balance, @case.Currency, culture),
            ["dueOn"] = @case.DueOn.ToString("d", culture),
            ["daysOverdue"] = Math.Max(0, today.DayNumber - @case.DueOn.DayNumber).ToString(culture),
            ["paymentUrl"] = @case.PaymentUrl ?? "",
            ["company"] = company.Value.Name,
        };
        return (Fill(text.Subject, values), Fill(template, values).TrimEnd());
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(template, (text, pair) => text.Replace("{" + pair.Key + "}", pair.Value, StringComparison.Ordinal));

    private static string FormatAmount(decimal amount, string currency, CultureInfo culture)
    {
        var digits = Currency.TryParse(currency, out var known) ? known!.MinorUnits : 2;
        return $"{amount.ToString("N" + digits, culture)} {currency}";
    }

    private static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo(language.Split('-')[0]);
        }
    }
}
