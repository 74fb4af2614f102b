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

        // From the day before the instant's local date: a clock set back can show an earlier date's window again.
        // A year of holidays and closed weekdays cannot hide every day for long; 400 days bounds the search.
        var day = LocalClock.LocalDate(instant, zone).AddDays(-1);
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            foreach (var start in Openings(day, rules, zone).Order())
            {
                // A start in a daylight-saving gap moves past the gap, possibly past the window: then it is not allowed.
                if (start >= instant && IsAllowed(start, rules, zone))
                {
                    return start;
                }
            }
        }

        throw new InvalidOperationException("The contact rules allow no moment within 400 days.");
    }

    /// <summary>
    /// The moments <paramref name="day"/>'s window may open: when the clock shows the start (twice when the clock is set
    /// back over it), and the moment the clock is set back, which can bring the window round again the same night.
    /// </summary>
    private static IEnumerable<DateTimeOffset> Openings(DateOnly day, ContactRules rules, TimeZoneInfo zone)
    {
        var start = day.ToDateTime(rules.HoursStart);
        yield return LocalClock.ToInstant(start, zone);
        if (zone.IsAmbiguousTime(start))
        {
            yield return new DateTimeOffset(start, zone.GetAmbiguousTimeOffsets(start).Min()).ToUniversalTime();
        }

        var from = LocalClock.StartOfDay(day, zone);
        var to = LocalClock.StartOfDay(day.AddDays(1), zone).AddTicks(-1);
        var offset = zone.GetUtcOffset(from);
        if (zone.GetUtcOffset(to) < offset)
        {
            // The clock is set back during the day: find the first instant with the new offset.
            while (to - from > TimeSpan.FromTicks(1))
            {
                var middle = from + (to - from) / 2;
                (from, to) = zone.GetUtcOffset(middle) == offset ? (middle, to) : (from, middle);
            }

            yield return to;
        }
    }

    private static bool IsContactDay(DateOnly day, ContactRules rules) =>
        rules.Days.Contains(day.DayOfWeek) && !rules.Holidays.Contains(day);
}
