namespace Cobranza.Functions.Projections;

/// <summary>
/// Aging buckets: days past <c>dueOn</c> on a given UTC date. <c>current</c> is not yet overdue (due today or later);
/// then 1-30, 31-60, 61-90 and 91+ days past due.
/// </summary>
public static class AgingBuckets
{
    public const string Current = "current";
    public const string Days1To30 = "1-30";
    public const string Days31To60 = "31-60";
    public const string Days61To90 = "61-90";
    public const string Days91Plus = "91+";

    /// <summary>The five buckets, youngest first.</summary>
    public static readonly IReadOnlyList<string> All = [Current, Days1To30, Days31To60, Days61To90, Days91Plus];

    /// <summary>Whole days past due on <paramref name="today"/>; 0 when not yet due.</summary>
    public static int DaysOverdue(DateOnly dueOn, DateOnly today) => Math.Max(0, today.DayNumber - dueOn.DayNumber);

    public static string Of(int daysOverdue) => daysOverdue switch
    {
        <= 0 => Current,
        <= 30 => Days1To30,
        <= 60 => Days31To60,
        <= 90 => Days61To90,
        _ => Days91Plus,
    };

    public static string Of(DateOnly dueOn, DateOnly today) => Of(DaysOverdue(dueOn, today));

    public static bool IsBucket(string? name) => name is not null && All.Contains(name);

    /// <summary>
    /// The due dates that fall in <paramref name="bucket"/> on <paramref name="today"/>, both ends included (null: open),
    /// so that a bucket is a range of an index sorted by due date.
    /// </summary>
    public static (DateOnly? EarliestDueOn, DateOnly? LatestDueOn) DueOnRange(string bucket, DateOnly today) => bucket switch
    {
        Current => (today, null),
        Days1To30 => (today.AddDays(-30), today.AddDays(-1)),
        Days31To60 => (today.AddDays(-60), today.AddDays(-31)),
        Days61To90 => (today.AddDays(-90), today.AddDays(-61)),
        Days91Plus => (null, today.AddDays(-91)),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "One of current, 1-30, 31-60, 61-90, 91+."),
    };
}
