namespace Cobranza.Benchmarks.InMemory;

/// <summary>The service's clock: UTC, and strictly increasing, so that two writes never get the same time stamp (hence ETag).</summary>
internal static class StorageClock
{
    private static long _lastTicks;

    public static DateTime Next()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastTicks);
            var next = Math.Max(DateTime.UtcNow.Ticks, last + 1);
            if (Interlocked.CompareExchange(ref _lastTicks, next, last) == last)
            {
                return new DateTime(next, DateTimeKind.Utc);
            }
        }
    }
}
