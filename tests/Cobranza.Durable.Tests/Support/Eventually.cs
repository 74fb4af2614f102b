namespace Cobranza.Durable.Tests.Support;

/// <summary>Waits for something asynchronous to happen, with a generous bound (the bound is not what is tested).</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var giveUpAt = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetUtcNow() > giveUpAt)
            {
                throw new TimeoutException($"Not within {timeout}: {what}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        WaitAsync(condition, ok => ok, timeout, what);
}
