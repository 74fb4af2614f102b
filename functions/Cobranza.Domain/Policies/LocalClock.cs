namespace Cobranza.Domain;

/// <summary>Conversions between a debtor's local wall-clock time and instants.</summary>
public static class LocalClock
{
    /// <summary>
    /// The instant at which the wall clock of <paramref name="zone"/> shows <paramref name="local"/>. A time skipped by a
    /// daylight-saving jump maps to the first instant after the gap; an ambiguous time takes the earlier instant.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            // Walk forward out of the gap; gaps are at most a couple of hours and aligned to minutes.
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant at which <paramref name="date"/> starts (local midnight) in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone) =>
        ToInstant(date.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The debtor's local calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
