namespace Cobranza.Domain.Tests.Money;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("CLP", 0)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("PYG", 0)]
    [InlineData("VND", 0)]
    [InlineData("UYI", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("LYD", 3)]
    [InlineData("IQD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("UYW", 4)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("MXN", 2)]
    [InlineData("BRL", 2)]
    [InlineData("COP", 2)]
    [InlineData("ARS", 2)]
    [InlineData("PEN", 2)]
    [InlineData("XCG", 2)]
    [InlineData("ZWG", 2)]
    [InlineData("VED", 2)]
    [InlineData("SLE", 2)]
    public void TryParse_ActiveCode_ReturnsCurrencyWithIsoMinorUnits(string code, int minorUnits)
    {
        var found = Currency.TryParse(code, out var currency);

        Assert.True(found);
        Assert.NotNull(currency);
        Assert.Equal(code, currency.Code);
        Assert.Equal(minorUnits, currency.MinorUnits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("usd")]
    [InlineData("Usd")]
    [InlineData("US")]
    [InlineData("USDD")]
    [InlineData(" USD")]
    [InlineData("USD ")]
    [InlineData("U1D")]
    [InlineData("ÜSD")]
    [InlineData("ABC")]
    public void TryParse_MalformedOrUnknownCode_ReturnsFalse(string? code)
    {
        var found = Currency.TryParse(code, out var currency);

        Assert.False(found);
        Assert.Null(currency);
    }

    [Theory]
    [InlineData("XAU")]
    [InlineData("XAG")]
    [InlineData("XPT")]
    [InlineData("XPD")]
    [InlineData("XTS")]
    [InlineData("XXX")]
    [InlineData("XBA")]
    [InlineData("XBB")]
    [InlineData("XBC")]
    [InlineData("XBD")]
    [InlineData("XDR")]
    [InlineData("XSU")]
    [InlineData("XUA")]
    public void TryParse_CodeWithoutMinorUnits_ReturnsFalse(string code)
    {
        Assert.False(Currency.TryParse(code, out _));
    }

    [Theory]
    [InlineData("HRK")]
    [InlineData("BGN")]
    [InlineData("ANG")]
    [InlineData("CUC")]
    [InlineData("SLL")]
    [InlineData("ZWL")]
    [InlineData("VEF")]
    [InlineData("DEM")]
    public void TryParse_WithdrawnCode_ReturnsFalse(string code)
    {
        Assert.False(Currency.TryParse(code, out _));
    }

    [Fact]
    public void Parse_ActiveCode_ReturnsSameInstanceAsTryParse()
    {
        Currency.TryParse("MXN", out var expected);

        var parsed = Currency.Parse("MXN");

        Assert.Same(expected, parsed);
    }

    [Theory]
    [InlineData("usd", "three upper-case letters")]
    [InlineData("US", "three upper-case letters")]
    [InlineData("ABC", "not an active ISO 4217 currency")]
    [InlineData("XAU", "not an active ISO 4217 currency")]
    public void Parse_InvalidCode_ThrowsArgumentExceptionNamingParameterValueAndRule(string code, string rule)
    {
        var exception = Assert.Throws<ArgumentException>(() => Currency.Parse(code));

        Assert.Equal("code", exception.ParamName);
        Assert.Contains($"'{code}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(rule, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => Currency.Parse(null!));

        Assert.Equal("code", exception.ParamName);
    }

    [Theory]
    [InlineData("USD", "10.50", true)]
    [InlineData("USD", "10.5", true)]
    [InlineData("USD", "10.500000", true)]
    [InlineData("USD", "10", true)]
    [InlineData("USD", "0", true)]
    [InlineData("USD", "-10.25", true)]
    [InlineData("USD", "10.505", false)]
    [InlineData("USD", "0.001", false)]
    [InlineData("USD", "-10.255", false)]
    [InlineData("CLP", "1000", true)]
    [InlineData("CLP", "1000.00", true)]
    [InlineData("CLP", "1000.5", false)]
    [InlineData("CLP", "0.1", false)]
    [InlineData("KWD", "1.125", true)]
    [InlineData("KWD", "1.1250", true)]
    [InlineData("KWD", "1.1255", false)]
    [InlineData("CLF", "37.1234", true)]
    [InlineData("CLF", "37.12345", false)]
    [InlineData("USD", "79228162514264337593543950335", true)]
    public void HasValidPrecision_Amount_MatchesMinorUnitsIgnoringTrailingZeros(string code, string amount, bool expected)
    {
        var currency = Currency.Parse(code);

        Assert.Equal(expected, currency.HasValidPrecision(ParseDecimal(amount)));
    }

    [Theory]
    [InlineData("USD", "10.50", 1050L)]
    [InlineData("USD", "10.5", 1050L)]
    [InlineData("USD", "0.01", 1L)]
    [InlineData("USD", "0", 0L)]
    [InlineData("USD", "-3.20", -320L)]
    [InlineData("CLP", "1000", 1000L)]
    [InlineData("JPY", "1500.000", 1500L)]
    [InlineData("KWD", "1.125", 1125L)]
    [InlineData("CLF", "37.1234", 371234L)]
    public void ToMinorUnits_ValidAmount_ReturnsIntegerCount(string code, string amount, long expected)
    {
        var currency = Currency.Parse(code);

        Assert.Equal(expected, currency.ToMinorUnits(ParseDecimal(amount)));
    }

    [Theory]
    [InlineData("USD", "10.505")]
    [InlineData("CLP", "1000.5")]
    public void ToMinorUnits_TooManyDecimals_ThrowsInsteadOfRounding(string code, string amount)
    {
        var currency = Currency.Parse(code);

        var exception = Assert.Throws<ArgumentException>(() => currency.ToMinorUnits(ParseDecimal(amount)));

        Assert.Equal("amount", exception.ParamName);
        Assert.Contains(code, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMinorUnits_AmountBeyondInt64_ThrowsArgumentOutOfRange()
    {
        var usd = Currency.Parse("USD");

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => usd.ToMinorUnits(decimal.MaxValue));

        Assert.Equal("amount", exception.ParamName);
    }

    [Theory]
    [InlineData("USD", 1050L, "10.50")]
    [InlineData("USD", 1L, "0.01")]
    [InlineData("USD", -320L, "-3.20")]
    [InlineData("CLP", 1000L, "1000")]
    [InlineData("KWD", 1125L, "1.125")]
    [InlineData("CLF", 371234L, "37.1234")]
    public void FromMinorUnits_Count_ReturnsAmountWithExactlyMinorUnitDecimals(string code, long minor, string expected)
    {
        var currency = Currency.Parse(code);

        var amount = currency.FromMinorUnits(minor);

        // Compare the text as well as the value: the scale (10.50, not 10.5) is part of the contract.
        Assert.Equal(ParseDecimal(expected), amount);
        Assert.Equal(expected, amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(0L)]
    [InlineData(123456789L)]
    public void FromMinorUnits_ThenToMinorUnits_RoundTrips(long minor)
    {
        foreach (var currency in Currency.All)
        {
            Assert.Equal(minor, currency.ToMinorUnits(currency.FromMinorUnits(minor)));
        }
    }

    [Fact]
    public void All_Table_HasEveryActiveCodeOnceSortedAndWellFormed()
    {
        var codes = Currency.All.Select(currency => currency.Code).ToList();

        // ISO 4217 list one has 178 codes; 13 of them have no minor units and are left out.
        Assert.Equal(165, codes.Count);
        Assert.Equal(codes.Distinct(StringComparer.Ordinal).Count(), codes.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.All(Currency.All, currency =>
        {
            Assert.Matches("^[A-Z]{3}$", currency.Code);
            Assert.Contains(currency.MinorUnits, new[] { 0, 2, 3, 4 });
            Assert.Same(currency, Currency.Parse(currency.Code));
        });
    }

    [Fact]
    public void ToString_Currency_ReturnsCode()
    {
        Assert.Equal("BRL", Currency.Parse("BRL").ToString());
    }

    [Fact]
    public void Equals_SameCode_IsEqual()
    {
        Assert.Equal(Currency.Parse("EUR"), Currency.Parse("EUR"));
        Assert.NotEqual(Currency.Parse("EUR"), Currency.Parse("USD"));
    }

    private static decimal ParseDecimal(string text) =>
        decimal.Parse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
}
