using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

public sealed class LocalClockTests
{
    private static readonly TimeZoneInfo _madrid = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Madrid);
    private static readonly TimeZoneInfo _santiago = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Santiago);

    [Fact]
    public void StartOfDay_SantiagoSummer_IsLocalMidnightAtMinusThree()
    {
        Assert.Equal(At.Utc("2025-03-03T03:00:00Z"), LocalClock.StartOfDay(new DateOnly(2025, 3, 3), _santiago));
    }

    [Fact]
    public void StartOfDay_SantiagoDayWithoutMidnight_IsFirstInstantAfterTheGap()
    {
        // On 2025-09-07 Santiago's clocks go from 23:59:59 -04 straight to 01:00 -03.
        Assert.Equal(At.Utc("2025-09-07T04:00:00Z"), LocalClock.StartOfDay(new DateOnly(2025, 9, 7), _santiago));
    }

    [Fact]
    public void ToInstant_AmbiguousMadridTime_TakesEarlierInstant()
    {
        var instant = LocalClock.ToInstant(new DateTime(2025, 10, 26, 2, 30, 0, DateTimeKind.Unspecified), _madrid);

        Assert.Equal(At.Utc("2025-10-26T00:30:00Z"), instant);
    }

    [Fact]
    public void ToInstant_UtcKindDateTime_IsStillReadAsWallClockOfTheZone()
    {
        // The Kind of the DateTime must not matter: it is the debtor's wall clock.
        var instant = LocalClock.ToInstant(new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc), _santiago);

        Assert.Equal(At.Utc("2025-03-10T12:00:00Z"), instant);
    }

    [Theory]
    [InlineData("2025-03-10T02:00:00Z", DebtorBuilder.Santiago, "2025-03-09")]
    [InlineData("2025-03-10T03:00:00Z", DebtorBuilder.Santiago, "2025-03-10")]
    [InlineData("2025-03-09T23:30:00Z", DebtorBuilder.Madrid, "2025-03-10")]
    [InlineData("2025-03-09T22:30:00Z", DebtorBuilder.Madrid, "2025-03-09")]
    public void LocalDate_InstantNearMidnight_IsTheDebtorsCalendarDate(string instant, string zone, string expected)
    {
        var date = LocalClock.LocalDate(At.Utc(instant), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }
}
