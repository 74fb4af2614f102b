using System.Globalization;
using Cobranza.Domain.Tests.Builders;

namespace Cobranza.Domain.Tests.Policies;

public sealed class IsoDurationTests
{
    private static readonly TimeZoneInfo _madrid = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Madrid);
    private static readonly TimeZoneInfo _santiago = TimeZoneInfo.FindSystemTimeZoneById(DebtorBuilder.Santiago);

    [Theory]
    [InlineData("P7D", 0, 0, 7, "00:00:00")]
    [InlineData("P1M", 0, 1, 0, "00:00:00")]
    [InlineData("P1Y", 1, 0, 0, "00:00:00")]
    [InlineData("P0D", 0, 0, 0, "00:00:00")]
    [InlineData("P2W", 0, 0, 14, "00:00:00")]
    [InlineData("P1W3D", 0, 0, 10, "00:00:00")]
    [InlineData("PT12H", 0, 0, 0, "12:00:00")]
    [InlineData("PT36H", 0, 0, 0, "1.12:00:00")]
    [InlineData("PT90M", 0, 0, 0, "01:30:00")]
    [InlineData("PT1S", 0, 0, 0, "00:00:01")]
    [InlineData("PT1.5S", 0, 0, 0, "00:00:01.5")]
    [InlineData("PT0,25S", 0, 0, 0, "00:00:00.25")]
    [InlineData("PT0.0000001S", 0, 0, 0, "00:00:00.0000001")]
    [InlineData("P1Y2M3DT4H5M6.5S", 1, 2, 3, "04:05:06.5")]
    public void TryParse_IsoDuration_ReturnsItsParts(string text, int years, int months, int days, string time)
    {
        var parsed = IsoDuration.TryParse(text, out var duration, out var error);

        Assert.True(parsed);
        Assert.Null(error);
        Assert.Equal(new IsoDuration(years, months, days, TimeSpan.Parse(time, CultureInfo.InvariantCulture)), duration);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("1D")]
    [InlineData("P-1D")]
    [InlineData("PT-1S")]
    [InlineData("P1.5D")]
    [InlineData("PT1.5H")]
    [InlineData("P1H")]
    [InlineData("P1S")]
    [InlineData("PT1D")]
    [InlineData("PT1H30")]
    [InlineData("p1d")]
    [InlineData(" P1D")]
    [InlineData("P1D ")]
    [InlineData("P1D\n")]
    [InlineData("PT\n")]
    [InlineData("P1D2M")]
    [InlineData("7 days")]
    public void TryParse_NotAnIsoDuration_FailsNamingTheText(string text)
    {
        var parsed = IsoDuration.TryParse(text, out var duration, out var error);

        Assert.False(parsed);
        Assert.Equal(IsoDuration.Zero, duration);
        Assert.NotNull(error);
        Assert.Contains($"'{text}' is not an ISO 8601 duration", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Blank_FailsAsRequired(string? text)
    {
        var parsed = IsoDuration.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.NotNull(error);
        Assert.StartsWith("is required", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P101Y")]
    [InlineData("P1201M")]
    [InlineData("P36601D")]
    [InlineData("P5229W")]
    [InlineData("PT878401H")]
    public void TryParse_LongerThanHundredYears_FailsAsTooLong(string text)
    {
        var parsed = IsoDuration.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.NotNull(error);
        Assert.Contains("longer than 100 years", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P100Y")]
    [InlineData("P36600D")]
    public void TryParse_ExactlyAtTheLimit_Succeeds(string text)
    {
        Assert.True(IsoDuration.TryParse(text, out _, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason()
    {
        var exception = Assert.Throws<FormatException>(() => IsoDuration.Parse("P"));

        Assert.Contains("'P' is not an ISO 8601 duration", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P7D", "P7D")]
    [InlineData("P2W", "P14D")]
    [InlineData("P0D", "PT0S")]
    [InlineData("PT36H", "PT36H")]
    [InlineData("PT1.5S", "PT1.5S")]
    [InlineData("P1Y2M3DT4H5M6.5S", "P1Y2M3DT4H5M6.5S")]
    public void ToString_ParsedDuration_WritesCanonicalForm(string text, string expected)
    {
        Assert.Equal(expected, IsoDuration.Parse(text).ToString());
    }

    [Theory]
    [InlineData("PT0.0001S")]
    [InlineData("PT0.0000001S")]
    [InlineData("PT1.0001S")]
    [InlineData("PT2M0.1234567S")]
    public void ToString_SubMillisecondSeconds_ParsesBackToTheSameDuration(string text)
    {
        // Stored policies are written with ToString and read with TryParse: the round trip must be lossless.
        var duration = IsoDuration.Parse(text);

        var parsedBack = IsoDuration.TryParse(duration.ToString(), out var reread, out var error);

        Assert.True(parsedBack, error);
        Assert.Equal(duration, reread);
    }

    [Fact]
    public void AddTo_OneDayAcrossMadridSpringForward_Is23Hours()
    {
        // 2025-03-30 02:00 CET jumps to 03:00 CEST: 10:00 local to 10:00 local is 23 elapsed hours.
        var saturday = At.Utc("2025-03-29T09:00:00Z");

        var sunday = IsoDuration.Parse("P1D").AddTo(saturday, _madrid);

        Assert.Equal(At.Utc("2025-03-30T08:00:00Z"), sunday);
        Assert.Equal(TimeSpan.FromHours(23), sunday - saturday);
    }

    [Fact]
    public void AddTo_OneDayAcrossMadridFallBack_Is25Hours()
    {
        var saturday = At.Utc("2025-10-25T08:00:00Z");

        var sunday = IsoDuration.Parse("P1D").AddTo(saturday, _madrid);

        Assert.Equal(At.Utc("2025-10-26T09:00:00Z"), sunday);
        Assert.Equal(TimeSpan.FromHours(25), sunday - saturday);
    }

    [Fact]
    public void AddTo_OneDayAcrossSantiagoDstEnd_Is25Hours()
    {
        // 2025-04-05 24:00 -03 goes back to 23:00 -04.
        var saturday = At.Utc("2025-04-05T14:00:00Z");

        var sunday = IsoDuration.Parse("P1D").AddTo(saturday, _santiago);

        Assert.Equal(At.Utc("2025-04-06T15:00:00Z"), sunday);
        Assert.Equal(TimeSpan.FromHours(25), sunday - saturday);
    }

    [Fact]
    public void AddTo_TwentyFourHoursAcrossMadridSpringForward_IsElapsedTime()
    {
        var saturday = At.Utc("2025-03-29T09:00:00Z");

        var later = IsoDuration.Parse("PT24H").AddTo(saturday, _madrid);

        Assert.Equal(saturday.AddHours(24), later);
    }

    [Fact]
    public void AddTo_DayAndHourAcrossMadridSpringForward_AddsCalendarDayThenElapsedHour()
    {
        var saturday = At.Utc("2025-03-29T09:00:00Z");

        var later = IsoDuration.Parse("P1DT1H").AddTo(saturday, _madrid);

        Assert.Equal(At.Utc("2025-03-30T09:00:00Z"), later);
    }

    [Fact]
    public void AddTo_LocalTimeInSantiagoDstGap_MovesToEndOfGap()
    {
        // Santiago skips 2025-09-07 00:00-01:00: 00:30 the day before plus P1D lands in the gap, so 01:00 -03.
        var before = At.Utc("2025-09-06T04:30:00Z");

        var after = IsoDuration.Parse("P1D").AddTo(before, _santiago);

        Assert.Equal(At.Utc("2025-09-07T04:00:00Z"), after);
    }

    [Fact]
    public void AddTo_LocalTimeRepeatedByMadridFallBack_TakesEarlierInstant()
    {
        // 2025-10-26 02:30 happens twice in Madrid (CEST, then CET); the first is 00:30 UTC.
        var before = At.Utc("2025-10-25T00:30:00Z");

        var after = IsoDuration.Parse("P1D").AddTo(before, _madrid);

        Assert.Equal(At.Utc("2025-10-26T00:30:00Z"), after);
    }

    [Fact]
    public void AddTo_OneMonthFromJanuary31_ClampsToLastDayOfFebruary()
    {
        var january31 = At.Utc("2025-01-31T13:00:00Z");

        var later = IsoDuration.Parse("P1M").AddTo(january31, _santiago);

        Assert.Equal(At.Utc("2025-02-28T13:00:00Z"), later);
    }

    [Fact]
    public void AddTo_Zero_ReturnsSameInstant()
    {
        var instant = At.Utc("2025-03-30T01:30:00Z");

        Assert.Equal(instant, IsoDuration.Zero.AddTo(instant, _madrid));
    }
}
