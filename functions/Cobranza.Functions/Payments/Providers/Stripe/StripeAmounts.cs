using System.Globalization;

namespace Cobranza.Functions.Payments.Providers.Stripe;

/// <summary>
/// Stripe's amounts are integers in the currency's smallest unit, as Stripe defines it: most currencies have two
/// decimals, Stripe's zero-decimal currencies none (CLP, JPY, KRW…), its three-decimal ones three. Currency codes come
/// in lower case.
/// </summary>
public static class StripeAmounts
{
    // https://docs.stripe.com/currencies#zero-decimal and #three-decimal
    private static readonly HashSet<string> _zeroDecimal = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> _threeDecimal = new(StringComparer.Ordinal) { "BHD", "JOD", "KWD", "OMR", "TND" };

    public static string CurrencyCode(string stripeCurrency) => stripeCurrency.ToUpperInvariant();

    public static decimal FromMinorUnits(long amount, string currencyCode)
    {
        var code = CurrencyCode(currencyCode);
        var decimals = _zeroDecimal.Contains(code) ? 0 : _threeDecimal.Contains(code) ? 3 : 2;
        return decimal.Parse(amount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) / Pow10(decimals);
    }

    private static decimal Pow10(int decimals) => decimals switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => throw new ArgumentOutOfRangeException(nameof(decimals)) };
}
