using Cobranza.Functions.Projections;

namespace Cobranza.Functions.Tests.Console;

public sealed class AgingBucketsTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Theory]
    [InlineData(-10, 0, "current")]
    [InlineData(0, 0, "current")]
    [InlineData(1, 1, "1-30")]
    [InlineData(30, 30, "1-30")]
    [InlineData(31, 31, "31-60")]
    [InlineData(60, 60, "31-60")]
    [InlineData(61, 61, "61-90")]
    [InlineData(90, 90, "61-90")]
    [InlineData(91, 91, "91+")]
    [InlineData(400, 400, "91+")]
    public void Of_DaysPastTheDueDate_FallsInTheBucketOfItsBoundaries(int daysAgo, int expectedDays, string expectedBucket)
    {
        var dueOn = Today.AddDays(-daysAgo);

        Assert.Equal(expectedDays, AgingBuckets.DaysOverdue(dueOn, Today));
        Assert.Equal(expectedBucket, AgingBuckets.Of(dueOn, Today));
    }

    [Fact]
    public void DueOnRange_EveryDueDateAroundTheBoundaries_IsInTheRangeOfExactlyItsOwnBucket()
    {
        for (var daysAgo = -5; daysAgo <= 120; daysAgo++)
        {
            var dueOn = Today.AddDays(-daysAgo);
            var containing = AgingBuckets.All.Where(bucket =>
            {
                var (earliest, latest) = AgingBuckets.DueOnRange(bucket, Today);
                return (earliest is null || dueOn >= earliest) && (latest is null || dueOn <= latest);
            }).ToList();

            Assert.Equal([AgingBuckets.Of(dueOn, Today)], containing);
        }
    }

    [Fact]
    public void SortKeys_AmountsAndInstants_SortAsStringsAsTheirValuesDo()
    {
        decimal[] amounts = [0m, 0.01m, 9.99m, 10m, 1500.5m, 99999.1234m];
        Assert.Equal(amounts.Select(SortKeys.Amount), amounts.Select(SortKeys.Amount).Order(StringComparer.Ordinal));
        Assert.Equal(amounts.Reverse().Select(SortKeys.AmountInverted), amounts.Select(SortKeys.AmountInverted).Order(StringComparer.Ordinal));

        DateTimeOffset?[] instants = [new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), null];
        Assert.Equal(instants.Select(SortKeys.Instant), instants.Select(SortKeys.Instant).Order(StringComparer.Ordinal));
        // Descending, with no next action still last.
        Assert.Equal([SortKeys.InstantInverted(instants[1]), SortKeys.InstantInverted(instants[0]), SortKeys.InstantInverted(null)],
            instants.Select(SortKeys.InstantInverted).Order(StringComparer.Ordinal));
    }
}
