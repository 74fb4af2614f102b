namespace Cobranza.Functions.Tests.Support;

/// <summary>Waits for something asynchronous to happen, with a generous bound (the bound is not what is tested).</summary>
public static class Eventually
{
    /// <summary>Enough for a ladder of a few one-second steps on a slow, busy machine.</summary>
    public static readonly TimeSpan Ladder = TimeSpan.FromSeconds(60);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var giveUpAt = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                throw new TimeoutException($"Not within {timeout}: {what}. Last seen: {System.Text.Json.JsonSerializer.Serialize(value)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Lets time pass when a test must show that something does <em>not</em> happen.</summary>
    public static Task Until(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
