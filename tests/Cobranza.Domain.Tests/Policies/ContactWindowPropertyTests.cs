using System.Globalization;
using CsCheck;

namespace Cobranza.Domain.Tests.Policies;

/// <summary>
/// Properties of <see cref="ContactWindow"/> over random instants in 2024-2027, zones with and without daylight saving
/// (including Lord Howe's 30-minute shift and changes at midnight), hours, days and holidays.
/// </summary>
public sealed class ContactWindowPropertyTests
{
    private const int Iterations = 3_000;

    /// <summary>Zones with DST at 02:00/03:00, at midnight (Santiago, Havana), by 30 minutes (Lord Howe), and fixed offsets.</summary>
    public static readonly string[] Zones =
    [
        "America/Santiago", "Europe/Madrid", "America/Mexico_City", "America/Sao_Paulo", "America/New_York",
        "Pacific/Auckland", "Asia/Kolkata", "Australia/Lord_Howe", "America/Bogota", "America/Havana",
        "America/St_Johns", "Pacific/Chatham", "Asia/Kathmandu", "Europe/London", "America/Los_Angeles", "Asia/Tokyo",
    ];

    private static readonly DateTimeOffset _from = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _to = new(2028, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An instant, a zone and contact rules; holidays are near the instant so they matter.</summary>
    public sealed record Scenario(DateTimeOffset Instant, TimeZoneInfo Zone, ContactRules Rules, double[] Fractions)
    {
        public override string ToString() =>
            $"{Instant:O} in {Zone.Id}, hours {Rules.HoursText}, days {Rules.DaysText}, holidays [{string.Join(", ", Rules.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}]";
    }

    /// <summary>Every change of UTC offset of <see cref="Zones"/> in 2024-2027, to the tick.</summary>
    private static readonly (string Zone, DateTimeOffset At)[] _transitions = Zones.SelectMany(Transitions).ToArray();

    /// <summary>Random instants (to the second, sometimes exactly on a minute), zones, start &lt; end hours, non-empty days and up to 30 holidays.</summary>
    private static readonly Gen<Scenario> Anywhere =
        Gen.Select(
            Gen.Long[_from.UtcTicks / TimeSpan.TicksPerSecond, _to.UtcTicks / TimeSpan.TicksPerSecond],
            Gen.Bool,
            Gen.OneOf(Zones),
            Gen.Int[0, 23 * 60 + 58].SelectMany(start => Gen.Int[start + 1, 23 * 60 + 59].Select(end => (start, end))),
            Gen.Int[1, 127],
            Gen.Int[-3, 60].List[0, 30],
            Gen.Double[0, 1].Array[12],
            (seconds, onMinute, zoneId, hours, dayMask, holidayOffsets, fractions) =>
            {
                var instant = new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
                if (onMinute)
                {
                    instant = instant.AddSeconds(-instant.Second);
                }

                return Make(instant, zoneId, hours.start, hours.end, dayMask, holidayOffsets, fractions);
            });

    /// <summary>
    /// Instants within hours of a daylight-saving change, with a short window near the local time of the change (on
    /// either side of it), so the gaps and repeated hours fall in and around the window.
    /// </summary>
    private static readonly Gen<Scenario> NearTransitions =
        Gen.Select(
            Gen.Int[0, _transitions.Length - 1],
            Gen.Int[-6 * 60, 3 * 60],
            Gen.Int[-150, 90],
            Gen.Int[1, 240],
            Gen.Frequency((1, Gen.Const(127)), (1, Gen.Int[1, 127])),
            Gen.Int[-3, 3].List[0, 2],
            Gen.Double[0, 1].Array[12],
            (index, minutesFromChange, startFromChange, length, dayMask, holidayOffsets, fractions) =>
            {
                var (zoneId, change) = _transitions[index];
                var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                var changeLocal = TimeZoneInfo.ConvertTime(change, zone).DateTime;
                var start = Math.Clamp((int)changeLocal.TimeOfDay.TotalMinutes + startFromChange, 0, 23 * 60 + 58);
                var end = Math.Min(start + length, 23 * 60 + 59);
                var changeDay = (int)changeLocal.DayOfWeek;
                return Make(change.AddMinutes(minutesFromChange), zoneId, start, end, dayMask | (1 << changeDay), holidayOffsets, fractions);
            });

    public static readonly Gen<Scenario> Scenarios = Gen.Frequency((1, Anywhere), (1, NearTransitions));

    [Fact]
    public void NextAllowed_AnyInstant_NeverEarlierThanTheInstant()
    {
        Scenarios.Sample(s => Assert.True(ContactWindow.NextAllowed(s.Instant, s.Rules, s.Zone) >= s.Instant), iter: Iterations);
    }

    [Fact]
    public void NextAllowed_AnyInstant_IsAnAllowedMoment()
    {
        Scenarios.Sample(s => Assert.True(ContactWindow.IsAllowed(ContactWindow.NextAllowed(s.Instant, s.Rules, s.Zone), s.Rules, s.Zone)), iter: Iterations);
    }

    [Fact]
    public void NextAllowed_AppliedTwice_SameAsOnce()
    {
        Scenarios.Sample(s =>
        {
            var next = ContactWindow.NextAllowed(s.Instant, s.Rules, s.Zone);
            Assert.Equal(next, ContactWindow.NextAllowed(next, s.Rules, s.Zone));
        }, iter: Iterations);
    }

    [Fact]
    public void NextAllowed_AllowedInstant_ReturnsTheInstantItself()
    {
        Scenarios.Sample(s =>
        {
            if (ContactWindow.IsAllowed(s.Instant, s.Rules, s.Zone))
            {
                Assert.Equal(s.Instant, ContactWindow.NextAllowed(s.Instant, s.Rules, s.Zone));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void NextAllowed_MomentsBetweenInstantAndResult_NoneIsAllowed()
    {
        Scenarios.Sample(s =>
        {
            var next = ContactWindow.NextAllowed(s.Instant, s.Rules, s.Zone);
            var span = next - s.Instant;
            if (span <= TimeSpan.Zero)
            {
                return;
            }

            // Random minutes in between, every minute of the first 8 hours (where DST changes bite), and the last minute
            // and tick before the result.
            var probes = s.Fractions
                .Select(f => s.Instant + TimeSpan.FromMinutes(Math.Floor(span.TotalMinutes * f)))
                .Concat(Enumerable.Range(1, 8 * 60).Select(m => s.Instant.AddMinutes(m)))
                .Append(next.AddMinutes(-1))
                .Append(next.AddTicks(-1))
                .Where(p => p >= s.Instant && p < next);
            foreach (var probe in probes)
            {
                Assert.False(ContactWindow.IsAllowed(probe, s.Rules, s.Zone), $"{probe:O} is allowed but NextAllowed gave {next:O}");
            }
        }, iter: Iterations);
    }

    private static Scenario Make(DateTimeOffset instant, string zoneId, int startMinute, int endMinute, int dayMask, List<int> holidayOffsets, double[] fractions)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var days = Enum.GetValues<DayOfWeek>().Where(d => (dayMask & (1 << (int)d)) != 0).ToList();
        var localDate = LocalClock.LocalDate(instant, zone);
        var holidays = holidayOffsets.Select(localDate.AddDays).Distinct().ToList();
        var rules = new ContactRules(
            TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(startMinute)),
            TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(endMinute)),
            days, ContactRules.DefaultMaxPer7Days, holidays);
        return new Scenario(instant, zone, rules, fractions);
    }

    /// <summary>The instants in 2024-2027 at which <paramref name="zoneId"/>'s UTC offset changes.</summary>
    private static IEnumerable<(string, DateTimeOffset)> Transitions(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        for (var hour = _from; hour < _to; hour = hour.AddHours(1))
        {
            var offset = zone.GetUtcOffset(hour);
            if (zone.GetUtcOffset(hour.AddHours(1)) == offset)
            {
                continue;
            }

            var (before, after) = (hour, hour.AddHours(1));
            while (after - before > TimeSpan.FromTicks(1))
            {
                var middle = before + (after - before) / 2;
                (before, after) = zone.GetUtcOffset(middle) == offset ? (middle, after) : (before, middle);
            }

            yield return (zoneId, after);
        }
    }
}
