using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Cobranza.Domain;

/// <summary>
/// An active ISO 4217 currency in which an invoice can be issued: its upper-case alphabetic code and
/// the number of decimal places (minor units) an amount in it may carry.
/// </summary>
/// <remarks>
/// Instances come only from the built-in table (<see cref="All"/>, <see cref="Parse"/>,
/// <see cref="TryParse"/>), so a currency with invented minor units cannot exist.
/// </remarks>
public sealed record Currency
{
    // ISO 4217 list one (SIX, publication of 2026-01-01): every code that has a numeric minor unit.
    // Left out on purpose:
    // - "N.A." entries (XAU, XAG, XPT, XPD, XTS, XXX, XBA-XBD, XDR, XSU, XUA): nothing can be invoiced in them.
    // - codes moved to list three (historic): ANG (-> XCG, 2025), BGN (-> EUR, 2026), CUC, HRK, SLL, ZWL (-> ZWG).
    // Fund codes that do have minor units (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW, XAD) stay, as
    // list one publishes them; CLF and UYW are used to index contracts in Chile and Uruguay.
    // MGA and MRU are divided by five in practice, but ISO publishes 2 minor units and so do we.
    private static readonly (string Code, int MinorUnits)[] _iso4217ListOne =
    [
        ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2), ("AWG", 2),
        ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BHD", 3), ("BIF", 0), ("BMD", 2), ("BND", 2),
        ("BOB", 2), ("BOV", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2), ("BWP", 2), ("BYN", 2), ("BZD", 2),
        ("CAD", 2), ("CDF", 2), ("CHE", 2), ("CHF", 2), ("CHW", 2), ("CLF", 4), ("CLP", 0), ("CNY", 2),
        ("COP", 2), ("COU", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2), ("DJF", 0), ("DKK", 2),
        ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2), ("EUR", 2), ("FJD", 2), ("FKP", 2),
        ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2), ("GMD", 2), ("GNF", 0), ("GTQ", 2), ("GYD", 2),
        ("HKD", 2), ("HNL", 2), ("HTG", 2), ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3),
        ("IRR", 2), ("ISK", 0), ("JMD", 2), ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2),
        ("KMF", 0), ("KPW", 2), ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2),
        ("LKR", 2), ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2),
        ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2), ("MXN", 2),
        ("MXV", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2), ("NOK", 2), ("NPR", 2),
        ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2), ("PKR", 2), ("PLN", 2),
        ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2), ("RWF", 0), ("SAR", 2), ("SBD", 2),
        ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2), ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2),
        ("SSP", 2), ("STN", 2), ("SVC", 2), ("SYP", 2), ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2),
        ("TND", 3), ("TOP", 2), ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0),
        ("USD", 2), ("USN", 2), ("UYI", 0), ("UYU", 2), ("UYW", 4), ("UZS", 2), ("VED", 2), ("VES", 2),
        ("VND", 0), ("VUV", 0), ("WST", 2), ("XAD", 2), ("XAF", 0), ("XCD", 2), ("XCG", 2), ("XOF", 0),
        ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2), ("ZWG", 2),
    ];

    private static readonly FrozenDictionary<string, Currency> _byCode =
        _iso4217ListOne.ToFrozenDictionary(entry => entry.Code, entry => new Currency(entry.Code, entry.MinorUnits), StringComparer.Ordinal);

    private static readonly ReadOnlyCollection<Currency> _all =
        _byCode.Values.OrderBy(currency => currency.Code, StringComparer.Ordinal).ToList().AsReadOnly();

    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>The upper-case ISO 4217 alphabetic code, for example <c>USD</c> or <c>CLP</c>.</summary>
    public string Code { get; }

    /// <summary>How many decimal places an amount in this currency may have (0 for CLP, 2 for USD, 3 for KWD, 4 for CLF).</summary>
    public int MinorUnits { get; }

    /// <summary>Every supported currency, ordered by code.</summary>
    public static IReadOnlyCollection<Currency> All => _all;

    /// <summary>
    /// Looks up an active ISO 4217 currency by its code. The match is case-sensitive: only three upper-case
    /// ASCII letters can succeed, so callers whose source sends lower-case codes must upper-case them first.
    /// </summary>
    /// <param name="code">The alphabetic code, for example <c>MXN</c>.</param>
    /// <param name="currency">The currency when the code is known; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> names a supported currency.</returns>
    public static bool TryParse([NotNullWhen(true)] string? code, [NotNullWhen(true)] out Currency? currency)
    {
        // The dictionary is ordinal, so "usd" already misses; checking the shape first keeps the rule
        // explicit rather than an accident of how the table is keyed.
        if (!IsThreeUpperCaseLetters(code))
        {
            currency = null;
            return false;
        }

        return _byCode.TryGetValue(code, out currency);
    }

    /// <summary>Looks up an active ISO 4217 currency by its code, throwing when it is not one.</summary>
    /// <param name="code">Three upper-case ASCII letters, for example <c>EUR</c>.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not a supported ISO 4217 code.</exception>
    public static Currency Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);

        if (TryParse(code, out var currency))
        {
            return currency;
        }

        var reason = IsThreeUpperCaseLetters(code)
            ? "it is not an active ISO 4217 currency with minor units"
            : "a currency code must be exactly three upper-case letters A-Z";
        throw new ArgumentException(
            $"'{code}' is not a valid currency code: {reason} (for example USD, EUR, CLP).",
            nameof(code));
    }

    /// <summary>
    /// Whether <paramref name="amount"/> has no more decimal places than <see cref="MinorUnits"/>,
    /// ignoring trailing zeros (10.50 is valid for USD, 10.505 is not; 1000 is valid for CLP, 1000.5 is not).
    /// </summary>
    /// <param name="amount">The amount to check; its sign does not matter.</param>
    /// <returns><see langword="true"/> when the amount is representable in whole minor units.</returns>
    public bool HasValidPrecision(decimal amount) =>
        // decimal equality ignores scale (10.50m == 10.5m), so rounding to the allowed places and comparing
        // answers "are there significant digits beyond MinorUnits" without counting trailing zeros by hand.
        decimal.Round(amount, MinorUnits, MidpointRounding.ToZero) == amount;

    /// <summary>
    /// Converts an amount to an integer count of minor units (cents for USD, pesos for CLP), as payment
    /// processors such as Stripe expect.
    /// </summary>
    /// <param name="amount">An amount with no more decimals than <see cref="MinorUnits"/>.</param>
    /// <returns>The amount multiplied by 10^<see cref="MinorUnits"/>.</returns>
    /// <exception cref="ArgumentException">The amount has more decimals than the currency allows; it is never rounded silently.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount in minor units does not fit in a <see cref="long"/>.</exception>
    public long ToMinorUnits(decimal amount)
    {
        if (!HasValidPrecision(amount))
        {
            throw new ArgumentException(
                $"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} has more than {MinorUnits} decimal places, which {Code} does not allow.",
                nameof(amount));
        }

        try
        {
            return decimal.ToInt64(amount * Pow10(MinorUnits));
        }
        catch (OverflowException exception)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount), amount, $"The amount in {Code} minor units does not fit in a 64-bit integer. {exception.Message}");
        }
    }

    /// <summary>
    /// Converts an integer count of minor units back to an amount, carrying exactly <see cref="MinorUnits"/>
    /// decimal places (1050 USD cents becomes 10.50).
    /// </summary>
    /// <param name="minor">The amount in minor units.</param>
    /// <returns>The amount in major units.</returns>
    public decimal FromMinorUnits(long minor) =>
        // Multiplying by 10^-MinorUnits (a decimal whose scale is MinorUnits) keeps that scale in the
        // result, so 1050 cents becomes 10.50 rather than 10.5; it is exact because decimal is base 10.
        minor * new decimal(1, 0, 0, false, (byte)MinorUnits);

    /// <summary>Returns <see cref="Code"/>.</summary>
    public override string ToString() => Code;

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    private static bool IsThreeUpperCaseLetters([NotNullWhen(true)] string? code) =>
        code is { Length: 3 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && char.IsAsciiLetterUpper(code[2]);
}
