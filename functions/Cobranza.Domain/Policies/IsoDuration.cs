using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cobranza.Domain;

/// <summary>
/// An ISO 8601 duration such as <c>P7D</c>, <c>P1M</c> or <c>PT1S</c>. Years, months, weeks and days are calendar
/// units counted in the debtor's time zone (P1D across a daylight-saving change is one calendar day, not 24 hours);
/// hours, minutes and seconds are elapsed time.
/// </summary>
public sealed partial record IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    public static readonly IsoDuration Zero = new(0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"^P(?:(?<y>[0-9]{1,4})Y)?(?:(?<mo>[0-9]{1,4})M)?(?:(?<w>[0-9]{1,4})W)?(?:(?<d>[0-9]{1,5})D)?(?:T(?:(?<h>[0-9]{1,6})H)?(?:(?<mi>[0-9]{1,7})M)?(?:(?<s>[0-9]{1,9}(?:[.,][0-9]{1,7})?)S)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses an ISO 8601 duration; returns false (with the reason) for anything else, including "P" and "PT".</summary>
    public static bool TryParse(string? text, out IsoDuration duration, out string? error)
    {
        duration = Zero;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is required (an ISO 8601 duration such as P7D or PT1H)";
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success || text == "P" || text.EndsWith('T'))
        {
            error = $"'{text}' is not an ISO 8601 duration (e.g. P7D, P1M, PT12H, PT1S)";
            return false;
        }

        int Int(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = match.Groups["s"].Success
            ? decimal.Parse(match.Groups["s"].Value.Replace(',', '.'), CultureInfo.InvariantCulture)
            : 0m;
        var time = TimeSpan.FromHours(Int("h")) + TimeSpan.FromMinutes(Int("mi")) + TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        var days = Int("w") * 7 + Int("d");
        duration = new IsoDuration(Int("y"), Int("mo"), days, time);
        if (duration.Years > 100 || duration.Months > 1200 || duration.Days > 36600 || duration.Time > TimeSpan.FromDays(36600))
        {
            error = $"'{text}' is longer than 100 years";
            return false;
        }

        return true;
    }

    public static IsoDuration Parse(string text) =>
        TryParse(text, out var duration, out var error)
            ? duration
            : throw new FormatException($"Duration {error}.");

    /// <summary>
    /// Adds this duration to <paramref name="instant"/>: the calendar part on the local calendar of <paramref name="zone"/>
    /// (a local time that falls in a daylight-saving gap moves forward past it), then the time part as elapsed time.
    /// </summary>
    public DateTimeOffset AddTo(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var result = instant;
        if (Years != 0 || Months != 0 || Days != 0)
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
            var shifted = local.AddYears(Years).AddMonths(Months).AddDays(Days);
            result = LocalClock.ToInstant(shifted, zone);
        }

        return result + Time;
    }

    public override string ToString()
    {
        if (this == Zero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        if (Years != 0) text.Append(Years).Append('Y');
        if (Months != 0) text.Append(Months).Append('M');
        if (Days != 0) text.Append(Days).Append('D');
        if (Time != TimeSpan.Zero)
        {
            text.Append('T');
            var hours = (long)Time.TotalHours;
            if (hours != 0) text.Append(hours).Append('H');
            if (Time.Minutes != 0) text.Append(Time.Minutes).Append('M');
            var seconds = Time.Ticks % TimeSpan.TicksPerMinute / (decimal)TimeSpan.TicksPerSecond;
            if (seconds != 0) text.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
        }

        return text.ToString();
    }
}
