using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

/// <summary>
/// Examples of <see cref="ContactWindow"/> in three zones: Mexico City (UTC-6 all year), Madrid (DST in March and
/// October, at 02:00/03:00) and Santiago (DST changes at local midnight, in April and September).
/// </summary>
public sealed class ContactWindowTests
{
    private static readonly TimeZoneInfo _mexicoCity = TimeZoneInfo.FindSystemTimeZoneById("America/Mexico_City");
    private static readonly TimeZoneInfo _madrid = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Madrid);
    private static readonly TimeZoneInfo _santiago = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Santiago);

    /// <summary>08:00-20:00, Monday to Saturday.</summary>
    private static readonly ContactRules _default = new ContactRulesBuilder().Build();

    [Fact]
    public void IsAllowed_WednesdayNoonInMexicoCity_True()
    {
        // 2025-03-05 is a Wednesday; 18:00 UTC is 12:00 in Mexico City.
        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-03-05T18:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_InsideHours_ReturnsTheSameInstant()
    {
        var instant = At.Utc("2025-03-05T18:00:00Z");

        Assert.Equal(instant, ContactWindow.NextAllowed(instant, _default, _mexicoCity));
    }

    [Fact]
    public void IsAllowed_ExactlyEightInTheMorning_True()
    {
        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-03-05T14:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void IsAllowed_OneMinuteBeforeEightInTheMorning_False()
    {
        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-03-05T13:59:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void IsAllowed_ExactlyEightInTheEvening_FalseBecauseTheEndIsExcluded()
    {
        // Wednesday 20:00 in Mexico City is Thursday 02:00 UTC.
        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-03-06T02:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void IsAllowed_OneMinuteBeforeEightInTheEvening_True()
    {
        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-03-06T01:59:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_EarlyMorning_SameDayAtEight()
    {
        // Wednesday 06:30 -> Wednesday 08:00.
        Assert.Equal(At.Utc("2025-03-05T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-05T12:30:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_ExactlyEightInTheEvening_NextDayAtEight()
    {
        // Wednesday 20:00 -> Thursday 08:00.
        Assert.Equal(At.Utc("2025-03-06T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-06T02:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_WednesdayNight_ThursdayAtEight()
    {
        // Wednesday 23:15 -> Thursday 08:00.
        Assert.Equal(At.Utc("2025-03-06T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-06T05:15:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_SaturdayNightWithMondayToSaturday_MondayAtEight()
    {
        // Saturday 2025-03-08 21:00 -> Monday 2025-03-10 08:00; Sunday is not a contact day.
        Assert.Equal(At.Utc("2025-03-10T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-09T03:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_SundayNoon_MondayAtEight()
    {
        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-03-09T18:00:00Z"), _default, _mexicoCity));
        Assert.Equal(At.Utc("2025-03-10T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-09T18:00:00Z"), _default, _mexicoCity));
    }

    [Fact]
    public void IsAllowed_NoonOnAHoliday_False()
    {
        var rules = new ContactRulesBuilder().Holidays(new DateOnly(2025, 3, 17)).Build();

        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-03-17T18:00:00Z"), rules, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_SaturdayNightBeforeAMondayHoliday_TuesdayAtEight()
    {
        // Monday 2025-03-17 is a public holiday in Mexico: Saturday 21:00 -> Tuesday 08:00.
        var rules = new ContactRulesBuilder().Holidays(new DateOnly(2025, 3, 17)).Build();

        Assert.Equal(At.Utc("2025-03-18T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-16T03:00:00Z"), rules, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_HolidaysBackToBack_FirstDayAfterThem()
    {
        // Friday and Saturday closed, Sunday not a contact day: Thursday 21:00 -> Monday 08:00.
        var rules = new ContactRulesBuilder().Holidays(new DateOnly(2025, 3, 14), new DateOnly(2025, 3, 15)).Build();

        Assert.Equal(At.Utc("2025-03-17T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-14T03:00:00Z"), rules, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_OnlyWednesdays_NextWednesday()
    {
        var rules = new ContactRulesBuilder().Days("Wed").Build();

        // Wednesday 2025-03-05 20:30 -> Wednesday 2025-03-12 08:00.
        Assert.Equal(At.Utc("2025-03-12T14:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-06T02:30:00Z"), rules, _mexicoCity));
    }

    [Fact]
    public void NextAllowed_SaturdayNightBeforeMadridSpringForward_MondayAtEightSummerTime()
    {
        // Saturday 2025-03-29 21:00 CET (UTC+1); clocks go forward on Sunday; Monday 08:00 is CEST (UTC+2), 06:00 UTC.
        Assert.Equal(At.Utc("2025-03-31T06:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-29T20:00:00Z"), _default, _madrid));
    }

    [Fact]
    public void NextAllowed_SaturdayNightBeforeMadridFallBack_MondayAtEightWinterTime()
    {
        // Saturday 2025-10-25 21:00 CEST (UTC+2); clocks go back on Sunday; Monday 08:00 is CET (UTC+1), 07:00 UTC.
        Assert.Equal(At.Utc("2025-10-27T07:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-10-25T19:00:00Z"), _default, _madrid));
    }

    [Fact]
    public void NextAllowed_StartInMadridSpringForwardGap_FirstMomentAfterTheGapWithinTheWindow()
    {
        // On 2025-03-30 Madrid jumps from 02:00 CET to 03:00 CEST: 02:00 does not exist, the window opens at 03:00 CEST.
        var rules = new ContactRulesBuilder().Hours("02:00-05:00").Days("Mon-Sun").Build();
        var beforeGap = At.Utc("2025-03-30T00:30:00Z"); // 01:30 CET

        var next = ContactWindow.NextAllowed(beforeGap, rules, _madrid);

        Assert.Equal(At.Utc("2025-03-30T01:00:00Z"), next);
        Assert.True(ContactWindow.IsAllowed(next, rules, _madrid));
        Assert.False(ContactWindow.IsAllowed(next.AddTicks(-1), rules, _madrid));
    }

    [Fact]
    public void NextAllowed_WindowEntirelyInsideMadridSpringForwardGap_NextDay()
    {
        // 02:00-02:45 never shows on the clocks of 2025-03-30: the next window is Monday 02:00 CEST.
        var rules = new ContactRulesBuilder().Hours("02:00-02:45").Days("Mon-Sun").Build();

        Assert.Equal(At.Utc("2025-03-31T00:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-03-30T00:30:00Z"), rules, _madrid));
    }

    [Fact]
    public void NextAllowed_AfterWindowInFirstPassOfMadridRepeatedHour_SecondPassOfTheWindow()
    {
        // On 2025-10-26 Madrid goes from 03:00 CEST back to 02:00 CET, so 02:00-02:59 shows twice. At 02:45 CEST the
        // 02:15-02:30 window has passed once, but it comes round again at 02:15 CET (01:15 UTC) the same night.
        var rules = new ContactRulesBuilder().Hours("02:15-02:30").Days("Mon-Sun").Build();
        var firstPass = At.Utc("2025-10-26T00:45:00Z"); // 02:45 CEST

        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-10-26T01:15:00Z"), rules, _madrid));
        Assert.Equal(At.Utc("2025-10-26T01:15:00Z"), ContactWindow.NextAllowed(firstPass, rules, _madrid));
    }

    [Fact]
    public void NextAllowed_ClockSetBackIntoTheWindow_TheMomentOfTheSetBack()
    {
        // On 2025-11-02 New York goes from 02:00 EDT back to 01:00 EST (06:00 UTC). At 01:45 EDT the 00:30-01:30 window
        // is over for the first time, but the moment the clock is set back it shows 01:00 again: allowed.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var rules = new ContactRulesBuilder().Hours("00:30-01:30").Days("Mon-Sun").Build();

        Assert.Equal(At.Utc("2025-11-02T06:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-11-02T05:45:00Z"), rules, newYork));
    }

    [Fact]
    public void NextAllowed_SantiagoSaturdayNightBeforeClockSetBack_SaturdayTwentyThreeAgain()
    {
        // On 2025-04-05 Santiago's Saturday 23:59:59 -03 is followed by Saturday 23:00 -04 (03:00 UTC): after 23:45 -03
        // a window until 23:30 opens again the same night.
        var rules = new ContactRulesBuilder().Hours("08:00-23:30").Days("Mon-Sun").Build();

        Assert.Equal(At.Utc("2025-04-06T03:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-04-06T02:45:00Z"), rules, _santiago));
    }

    [Fact]
    public void IsAllowed_ExactlyEightInTheEveningInSantiago_False()
    {
        // Friday 2025-03-07 20:00 -03 is 23:00 UTC.
        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-03-07T23:00:00Z"), _default, _santiago));
        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-03-07T22:59:00Z"), _default, _santiago));
    }

    [Fact]
    public void IsAllowed_EightInTheMorningInSantiagoWinter_True()
    {
        // Tuesday 2025-06-10 08:00 -04 is 12:00 UTC; 07:59 is not allowed.
        Assert.True(ContactWindow.IsAllowed(At.Utc("2025-06-10T12:00:00Z"), _default, _santiago));
        Assert.False(ContactWindow.IsAllowed(At.Utc("2025-06-10T11:59:00Z"), _default, _santiago));
    }

    [Fact]
    public void NextAllowed_SaturdayNightAcrossSantiagoFallBack_MondayAtEightWinterTime()
    {
        // Saturday 2025-04-05 21:00 -03; at Sunday 00:00 the clocks go back to Saturday 23:00 -04; Monday 08:00 -04 is 12:00 UTC.
        Assert.Equal(At.Utc("2025-04-07T12:00:00Z"), ContactWindow.NextAllowed(At.Utc("2025-04-06T00:00:00Z"), _default, _santiago));
    }

    [Fact]
    public void NextAllowed_WindowStartingAtSantiagoMissingMidnight_OneInTheMorningSummerTime()
    {
        // On 2025-09-07 Santiago goes from Saturday 23:59:59 -04 to Sunday 01:00 -03: midnight does not exist, so a
        // 00:00-06:00 window opens at 01:00 -03 (04:00 UTC).
        var rules = new ContactRulesBuilder().Hours("00:00-06:00").Days("Mon-Sun").Build();

        var next = ContactWindow.NextAllowed(At.Utc("2025-09-07T03:30:00Z"), rules, _santiago); // Saturday 23:30 -04

        Assert.Equal(At.Utc("2025-09-07T04:00:00Z"), next);
        Assert.True(ContactWindow.IsAllowed(next, rules, _santiago));
    }

    [Fact]
    public void NextAllowed_SameInstantInTwoZones_AimsAtEachZonesOwnMorning()
    {
        // 2025-03-05 06:00 UTC: 03:00 in Santiago (wait until 08:00 -03), 07:00 in Madrid (wait until 08:00 CET).
        var instant = At.Utc("2025-03-05T06:00:00Z");

        Assert.Equal(At.Utc("2025-03-05T11:00:00Z"), ContactWindow.NextAllowed(instant, _default, _santiago));
        Assert.Equal(At.Utc("2025-03-05T07:00:00Z"), ContactWindow.NextAllowed(instant, _default, _madrid));
    }
}
