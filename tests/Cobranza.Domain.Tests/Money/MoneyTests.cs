using System.Globalization;

namespace Cobranza.Domain.Tests.Money;

// Inside this namespace the bare name Money would mean the namespace itself, not the type under test.
using Money = Cobranza.Domain.Money;

public sealed class MoneyTests
{
    private static readonly Currency _usd = Currency.Parse("USD");
    private static readonly Currency _clp = Currency.Parse("CLP");

    [Theory]
    [InlineData("USD", "1234.50")]
    [InlineData("USD", "0")]
    [InlineData("CLP", "1000")]
    [InlineData("CLP", "1000.000")]
    [InlineData("KWD", "0.125")]
    [InlineData("CLF", "1.2345")]
    public void Of_ValidAmount_KeepsAmountAndCurrency(string code, string amount)
    {
        var currency = Currency.Parse(code);

        var money = Money.Of(Dec(amount), currency);

        Assert.Equal(Dec(amount), money.Amount);
        Assert.Same(currency, money.Currency);
    }

    [Theory]
    [InlineData("USD", "10.505")]
    [InlineData("CLP", "1000.5")]
    [InlineData("KWD", "0.1255")]
    [InlineData("USD", "-0.01")]
    [InlineData("CLP", "-1")]
    public void Of_NegativeOrTooPrecise_ThrowsArgumentOutOfRangeWithValue(string code, string amount)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Money.Of(Dec(amount), Currency.Parse(code)));

        Assert.Equal("amount", exception.ParamName);
        Assert.Equal(Dec(amount), exception.ActualValue);
        Assert.Contains(code, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_NullCurrency_ThrowsArgumentNullException()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => Money.Of(1m, null!));

        Assert.Equal("currency", exception.ParamName);
    }

    [Fact]
    public void Add_SameCurrency_ReturnsSum()
    {
        var sum = Money.Of(10.25m, _usd).Add(Money.Of(0.75m, _usd));

        Assert.Equal(11m, sum.Amount);
        Assert.Same(_usd, sum.Currency);
    }

    [Fact]
    public void Subtract_SameCurrency_ReturnsDifference()
    {
        var difference = Money.Of(5000m, _clp).Subtract(Money.Of(1500m, _clp));

        Assert.Equal(3500m, difference.Amount);
        Assert.Same(_clp, difference.Currency);
    }

    [Fact]
    public void Subtract_EqualAmounts_ReturnsZero()
    {
        var difference = Money.Of(10.50m, _usd).Subtract(Money.Of(10.5m, _usd));

        Assert.True(difference.IsZero);
    }

    [Fact]
    public void Subtract_LargerAmount_ThrowsArgumentOutOfRange()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => Money.Of(1m, _usd).Subtract(Money.Of(1.01m, _usd)));

        Assert.Equal("other", exception.ParamName);
    }

    [Fact]
    public void Add_DifferentCurrency_ThrowsInvalidOperation()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => Money.Of(1m, _usd).Add(Money.Of(1m, _clp)));

        Assert.Contains("USD", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CLP", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subtract_DifferentCurrency_ThrowsInvalidOperation()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => Money.Of(100m, _usd).Subtract(Money.Of(1m, _clp)));

        Assert.Contains("USD", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CLP", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_DefaultMoney_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => default(Money).Add(Money.Of(1m, _usd)));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0.00", true)]
    [InlineData("0.01", false)]
    public void IsZero_Amount_ReflectsValueNotScale(string amount, bool expected)
    {
        Assert.Equal(expected, Money.Of(Dec(amount), _usd).IsZero);
    }

    [Theory]
    [InlineData("USD", "1234.5", "1234.50 USD")]
    [InlineData("USD", "1234.500", "1234.50 USD")]
    [InlineData("USD", "1234567.89", "1234567.89 USD")]
    [InlineData("USD", "0", "0.00 USD")]
    [InlineData("CLP", "1000", "1000 CLP")]
    [InlineData("CLP", "1000.00", "1000 CLP")]
    [InlineData("KWD", "1.1", "1.100 KWD")]
    [InlineData("CLF", "37", "37.0000 CLF")]
    public void ToString_Money_UsesExactlyMinorUnitDecimalsAndCode(string code, string amount, string expected)
    {
        Assert.Equal(expected, Money.Of(Dec(amount), Currency.Parse(code)).ToString());
    }

    [Fact]
    public void ToString_UnderCommaDecimalCulture_StaysInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("es-CL");

            Assert.Equal("1234.50 USD", Money.Of(1234.5m, _usd).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Equals_SameValueDifferentScale_IsEqual()
    {
        var a = Money.Of(10.5m, _usd);
        var b = Money.Of(10.50m, _usd);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
