using System.Globalization;

namespace Cobranza.Functions.Projections;

/// <summary>
/// Fixed-width encodings that sort as strings the way their values sort as numbers or dates, and their inversions
/// (for the descending orders, since Table Storage cannot read a range backwards).
/// </summary>
public static class SortKeys
{
    private const long MaxScaled = 999_999_999_999_999_999; // 19 digits

    /// <summary>A due date as <c>yyyyMMdd</c>.</summary>
    public static string DueOn(DateOnly dueOn) => dueOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string DueOnInverted(DateOnly dueOn) =>
        (99_999_999 - int.Parse(DueOn(dueOn), CultureInfo.InvariantCulture)).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>A non-negative amount in ten-thousandths (every ISO 4217 currency has at most 4 minor digits), 19 digits.</summary>
    public static string Amount(decimal amount) => Scaled(amount).ToString("D19", CultureInfo.InvariantCulture);

    public static string AmountInverted(decimal amount) => (MaxScaled - Scaled(amount)).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>An instant as UTC ticks; none sorts after every instant.</summary>
    public static string Instant(DateTimeOffset? at) =>
        (at is { } value ? value.UtcTicks : long.MaxValue).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>An instant inverted (latest first); none still sorts last.</summary>
    public static string InstantInverted(DateTimeOffset? at) =>
        (at is { } value ? long.MaxValue - value.UtcTicks : long.MaxValue).ToString("D19", CultureInfo.InvariantCulture);

    private static long Scaled(decimal amount) => (long)Math.Clamp(decimal.Round(amount * 10_000m), 0m, MaxScaled);
}
