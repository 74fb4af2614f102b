using Cobranza.Messaging.Acs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsEmailThrottleTests
{
    [Fact]
    public async Task Send_ThirdEmailWithTwoPerMinute_WaitsUntilTheWindowMovesOn()
    {
        await using var acs = await AcsHarness.StartAsync(settings: s => s["EmailsPerMinute"] = "2");
        acs.Server.OperationRetryAfter = TimeSpan.Zero; // polls need no clock movement, only the throttle does
        var throttle = acs.Services.GetRequiredService<AcsEmailThrottle>();

        await acs.Email.SendAsync(AcsMessages.Email("key-1", "msg-1"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await acs.Email.SendAsync(AcsMessages.Email("key-2", "msg-2"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var third = acs.Email.SendAsync(AcsMessages.Email("key-3", "msg-3"), CancellationToken.None);
        await WaitUntilAsync(() => throttle.QueuedCount == 1);

        Assert.False(third.IsCompleted);
        Assert.Equal(2, acs.Server.Emails.Count);

        acs.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, throttle.QueuedCount);
        Assert.False(third.IsCompleted);

        acs.Time.Advance(TimeSpan.FromSeconds(2));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["key-1", "key-2", "key-3"], acs.Server.Emails.Select(e => e.OperationId).Select(KeyOf));
    }

    [Fact]
    public async Task Send_CanceledWhileWaitingForTheThrottle_ThrowsCanceledAndSendsNothing()
    {
        await using var acs = await AcsHarness.StartAsync(settings: s => s["EmailsPerMinute"] = "1");
        acs.Server.OperationRetryAfter = TimeSpan.Zero;
        var throttle = acs.Services.GetRequiredService<AcsEmailThrottle>();
        await acs.Email.SendAsync(AcsMessages.Email("key-1", "msg-1"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using var cancellation = new CancellationTokenSource();

        var second = acs.Email.SendAsync(AcsMessages.Email("key-2", "msg-2"), cancellation.Token);
        await WaitUntilAsync(() => throttle.QueuedCount == 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(acs.Server.Emails);
        Assert.Equal(0, throttle.QueuedCount);
    }

    [Fact]
    public async Task WaitForSend_QuotaLeft_CompletesWithoutTheClockMoving()
    {
        using var throttle = new AcsEmailThrottle(3, new FakeTimeProvider());

        var waits = Enumerable.Range(0, 3).Select(_ => throttle.WaitForSendAsync(CancellationToken.None)).ToList();

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(waits, w => Assert.True(w.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task WaitForSend_SeveralWaiting_ReleasesThemInArrivalOrder()
    {
        var time = new FakeTimeProvider();
        using var throttle = new AcsEmailThrottle(1, time);
        await throttle.WaitForSendAsync(CancellationToken.None);
        var order = new List<int>();

        var waits = Enumerable.Range(1, 2)
            .Select(i => throttle.WaitForSendAsync(CancellationToken.None).ContinueWith(_ => { lock (order) { order.Add(i); } }, TaskScheduler.Default))
            .ToList();
        time.Advance(TimeSpan.FromSeconds(61));
        await waits[0].WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(waits[1].IsCompleted);
        time.Advance(TimeSpan.FromSeconds(61));
        await waits[1].WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2], order);
    }

    private static string KeyOf(string operationId) =>
        new[] { "key-1", "key-2", "key-3" }.Single(k => AcsIds.FromIdempotencyKey(k).ToString("D") == operationId);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
