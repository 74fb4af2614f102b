using System.Globalization;

namespace Cobranza.Domain;

/// <summary>
/// When a debtor may be contacted, in the debtor's time zone: daily <see cref="HoursStart"/> (included) to
/// <see cref="HoursEnd"/> (excluded) on <see cref="Days"/> except <see cref="Holidays"/>, and at most
/// <see cref="MaxPer7Days"/> contacts in any 7 days across all of the debtor's invoices.
/// </summary>
public sealed record ContactRules(
    TimeOnly HoursStart,
    TimeOnly HoursEnd,
    IReadOnlyList<DayOfWeek> Days,
    int MaxPer7Days,
    IReadOnlyList<DateOnly> Holidays)
{
    public const int DefaultMaxPer7Days = 3;
    public const int MaxPer7DaysLimit = 50;

    /// <summary>08:00–20:00, Monday to Saturday, at most 3 contacts in 7 days, no holidays.</summary>
    public static readonly ContactRules Default = new(
        new TimeOnly(8, 0), new TimeOnly(20, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
        DefaultMaxPer7Days, []);

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>The hours as written in a policy: "08:00-20:00".</summary>
    public string HoursText => $"{HoursStart:HH\\:mm}-{HoursEnd:HH\\:mm}";

    /// <summary>The days as written in a policy: "Mon-Sat", or a list such as "Mon,Wed,Fri".</summary>
    public string DaysText
    {
        get
        {
            var sorted = Days.Select(d => ((int)d + 6) % 7).Order().ToList(); // Monday first
            var contiguous = sorted.Count > 1 && sorted[^1] - sorted[0] == sorted.Count - 1;
            string Name(int mondayIndex) => DayNames[(mondayIndex + 1) % 7];
            return contiguous ? $"{Name(sorted[0])}-{Name(sorted[^1])}" : string.Join(',', sorted.Select(Name));
        }
    }

    /// <summary>Parses "08:00-20:00": start before end, both within the day.</summary>
    public static bool TryParseHours(string? text, out TimeOnly start, out TimeOnly end)
    {
        start = end = default;
        var parts = text?.Split('-');
        return parts is { Length: 2 }
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end)
            && start < end;
    }

    /// <summary>Parses "Mon-Sat", "Mon,Wed,Fri" or "Mon-Fri,Sun" (English three-letter names; a range runs Monday to Sunday).</summary>
    public static bool TryParseDays(string? text, out IReadOnlyList<DayOfWeek> days)
    {
        var result = new SortedSet<int>();
        days = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = item.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || range.Select(MondayIndex).Any(i => i < 0))
            {
                return false;
            }

            var from = MondayIndex(range[0]);
            var to = MondayIndex(range[^1]);
            if (to < from)
            {
                return false;
            }

            for (var i = from; i <= to; i++)
            {
                result.Add(i);
            }
        }

        days = result.Select(i => (DayOfWeek)((i + 1) % 7)).ToList();
        return days.Count > 0;
    }

    private static int MondayIndex(string name)
    {
        var index = Array.FindIndex(DayNames, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? -1 : (index + 6) % 7;
    }
}
