namespace Cobranza.Domain;

/// <summary>The pure arithmetic of contact hours: is a moment allowed, and when is the next allowed one.</summary>
public static class ContactWindow
{
    /// <summary>Whether a debtor in <paramref name="zone"/> may be contacted at <paramref name="instant"/>.</summary>
    public static bool IsAllowed(DateTimeOffset instant, ContactRules rules, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        return IsContactDay(DateOnly.FromDateTime(local), rules) && time >= rules.HoursStart && time < rules.HoursEnd;
    }

    /// <summary>
    /// <paramref name="instant"/> itself when allowed, else the start of the next allowed period: later the same day,
    /// or the first contact day after it that is not a holiday. Never earlier than <paramref name="instant"/>.
    /// </summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset instant, ContactRules rules, TimeZoneInfo zone)
    {
        if (IsAllowed(instant, rules, zone))
        {
            return instant;
        }

        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) >= rules.HoursStart)
        {
            day = day.AddDays(1);
        }

        // A year of holidays and closed weekdays cannot hide every day for long; 400 days bounds the search.
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            if (!IsContactDay(day, rules))
            {
                continue;
            }

            var start = LocalClock.ToInstant(day.ToDateTime(rules.HoursStart), zone);
            if (start >= instant && IsAllowed(start, rules, zone))
            {
                return start;
            }

            // The start fell in a daylight-saving gap and moved past the window, or lies before the instant: try the day after.
        }

        throw new InvalidOperationException("The contact rules allow no moment within 400 days.");
    }

    private static bool IsContactDay(DateOnly day, ContactRules rules) =>
        rules.Days.Contains(day.DayOfWeek) && !rules.Holidays.Contains(day);
}
