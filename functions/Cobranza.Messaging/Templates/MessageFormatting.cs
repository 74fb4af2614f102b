using System.Globalization;
using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Formats amounts and dates the way a debtor's culture writes them (the full BCP 47 tag: <c>es-MX</c> and <c>es-ES</c>
/// differ), so templates only place values and never format them.
/// </summary>
public static class MessageFormatting
{
    /// <summary>
    /// The culture of <paramref name="language"/> (for example <c>es-MX</c>), or of its primary subtag when the full tag is
    /// unknown, or the invariant culture when neither is.
    /// </summary>
    public static CultureInfo CultureFor(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        foreach (var candidate in new[] { language, PrimarySubtag(language) })
        {
            try
            {
                return CultureInfo.GetCultureInfo(candidate);
            }
            catch (CultureNotFoundException)
            {
                // Try the next, shorter tag.
            }
        }

        return CultureInfo.InvariantCulture;
    }

    /// <summary>The lower-case primary language subtag of a BCP 47 tag: <c>es-MX</c> → <c>es</c>, <c>PT_br</c> → <c>pt</c>.</summary>
    public static string PrimarySubtag(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var end = language.IndexOfAny(['-', '_']);
        return (end < 0 ? language : language[..end]).Trim().ToLowerInvariant();
    }

    /// <summary>
    /// An amount with the culture's separators, exactly the currency's minor units (CLP and JPY none, KWD three) and the
    /// ISO code after it: <c>es-ES</c>, EUR → <c>1.500,50 EUR</c>. When the amount is in the culture's own currency and the
    /// culture writes the symbol first, the symbol leads too: <c>es-MX</c>, MXN → <c>$1,500.50 MXN</c>.
    /// </summary>
    /// <remarks>
    /// The code is always there because "$" alone is ambiguous for a debtor abroad (MXN, USD, CLP, ARS all use it); the
    /// culture's currency symbol is never put on an amount in another currency (an <c>es-ES</c> debtor owing USD must not
    /// read "€").
    /// </remarks>
    public static string FormatMoney(decimal amount, string currency, CultureInfo culture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentNullException.ThrowIfNull(culture);
        var digits = Currency.TryParse(currency, out var known) ? known.MinorUnits : 2;
        var number = Math.Abs(amount).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), culture);
        var sign = amount < 0 ? culture.NumberFormat.NegativeSign : "";
        var symbol = LeadingLocalSymbol(currency, culture);
        return $"{sign}{symbol}{number} {currency}";
    }

    /// <summary>A date in the culture's short form: <c>es-MX</c> → 05/03/2026, <c>en-US</c> → 3/5/2026.</summary>
    public static string FormatDate(DateOnly date, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return date.ToString("d", culture);
    }

    /// <summary>Whole days from <paramref name="dueOn"/> to <paramref name="today"/>; 0 when not yet due.</summary>
    public static int DaysOverdue(DateOnly dueOn, DateOnly today) => Math.Max(0, today.DayNumber - dueOn.DayNumber);

    private static string LeadingLocalSymbol(string currency, CultureInfo culture)
    {
        // A neutral culture ("es") has no country and so no currency of its own; .NET would still answer one.
        if (culture.IsNeutralCulture || culture.Equals(CultureInfo.InvariantCulture))
        {
            return "";
        }

        string regionCurrency;
        try
        {
            regionCurrency = new RegionInfo(culture.Name).ISOCurrencySymbol;
        }
        catch (ArgumentException)
        {
            // Cultures of a macro-region (es-419) have no single currency.
            return "";
        }

        var format = culture.NumberFormat;
        return !string.Equals(regionCurrency, currency, StringComparison.Ordinal) ? ""
            : format.CurrencyPositivePattern switch
            {
                0 => format.CurrencySymbol,
                2 => format.CurrencySymbol + " ",
                _ => "",
            };
    }
}
