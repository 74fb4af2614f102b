using System.Globalization;

namespace Cobranza.Domain;

/// <summary>
/// A non-negative amount in one <see cref="Domain.Currency"/>. Build it with <see cref="Of"/>, which enforces
/// the currency's precision; the positional constructor does not validate and exists for the record syntax.
/// </summary>
/// <param name="Amount">The amount in major units (dollars, pesos), never negative when built through <see cref="Of"/>.</param>
/// <param name="Currency">The currency the amount is expressed in.</param>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    /// <summary>Whether the amount is zero, whatever its scale (0, 0.00).</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>Creates a validated amount of money.</summary>
    /// <param name="amount">A non-negative amount with no more decimals than <paramref name="currency"/> allows.</param>
    /// <param name="currency">The currency of the amount.</param>
    /// <returns>The money value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="amount"/> is negative or has more decimal places than the currency's minor units.
    /// </exception>
    public static Money Of(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);

        // Balances and charges are never negative here; credits and refunds are modelled as their own
        // operations, so a negative amount is a bug upstream rather than a value to carry around.
        if (amount < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"A {currency.Code} amount must not be negative.");
        }

        // Rounding silently would invoice a different amount from the one the source system sent.
        if (!currency.HasValidPrecision(amount))
        {
            throw new ArgumentOutOfRangeException(
                nameof(amount),
                amount,
                $"{currency.Code} allows at most {currency.MinorUnits} decimal places.");
        }

        return new Money(amount, currency);
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The sum, in the same currency.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ, or either value has no currency.</exception>
    public Money Add(Money other)
    {
        var currency = SameCurrency(other, "add");
        return Of(Amount + other.Amount, currency);
    }

    /// <summary>Subtracts an amount of the same currency.</summary>
    /// <param name="other">The amount to subtract; it must not exceed this amount.</param>
    /// <returns>The difference, in the same currency.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ, or either value has no currency.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="other"/> is larger than this amount, so the result would be negative.</exception>
    public Money Subtract(Money other)
    {
        var currency = SameCurrency(other, "subtract");
        if (other.Amount > Amount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(other), other, $"Subtracting {other} from {this} would make the amount negative.");
        }

        return Of(Amount - other.Amount, currency);
    }

    /// <summary>Formats as the amount with exactly the currency's minor units, a space and the code: <c>1234.50 USD</c>, <c>1000 CLP</c>.</summary>
    /// <returns>The invariant-culture text.</returns>
    public override string ToString() =>
        Currency is null
            ? Amount.ToString(CultureInfo.InvariantCulture)
            : $"{Amount.ToString("F" + Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency.Code}";

    private Currency SameCurrency(Money other, string operation)
    {
        // default(Money) has no currency; failing here beats a NullReferenceException deep inside the arithmetic.
        if (Currency is null || other.Currency is null)
        {
            throw new InvalidOperationException($"Cannot {operation} money without a currency (was it default(Money)?).");
        }

        if (Currency != other.Currency)
        {
            throw new InvalidOperationException(
                $"Cannot {operation} {other.Currency.Code} and {Currency.Code}: amounts in different currencies do not mix.");
        }

        return Currency;
    }
}
