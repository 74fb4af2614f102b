using Azure.Data.Tables;
using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

[Collection(TimerCollection.Name)]
public sealed class TimerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Timer_DueInOneSecond_FiresWithinAFewSeconds()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("T-1", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "reminder")));

        // The bound only keeps a broken test from hanging; with the listener woken it fires after about one second.
        var state = await harness.WaitForStateAsync("T-1", s => s.Fired.Count > 0, TimeSpan.FromSeconds(5), "timer fired");
        Assert.Equal(["reminder"], state.Fired);
        var snapshot = await harness.Client.GetAsync("T-1", includeHistory: true);
        Assert.Null(snapshot!.TimerDueAt); // Keep after a fire means: no timer
        Assert.Equal("timerFired", snapshot.History[^1].Type);
        Assert.Equal("system", snapshot.History[^1].Actor);
    }

    [Fact]
    public async Task Timer_BeyondHorizon_IsKeptInTableThenMovedByPumpAndFires()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("T-2", Commands.Add(new AddCommand(TimerInSeconds: 5, TimerTag: "far")));

        var parked = await harness.TimersTable.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal("T-2", Assert.Single(parked).GetString("InstanceId"));
        Assert.Equal(0, await harness.ControlMessageCountAsync());
        var state = await harness.WaitForStateAsync("T-2", s => s.Fired.Count > 0, _wait, "far timer fired");
        Assert.Equal(["far"], state.Fired);
        Assert.Empty(await harness.TimersTable.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task Timer_Replaced_OldMessageIsDroppedAsStale()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("T-3", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "first")));
        await harness.Client.SendAsync("T-3", Commands.Add(new AddCommand(TimerInSeconds: 2, TimerTag: "second")));

        await harness.WaitForStateAsync("T-3", s => s.Fired.Count > 0, _wait, "second timer fired");
        await harness.WaitForEmptyQueuesAsync(_wait);
        Assert.Equal(["second"], (await harness.StateAsync("T-3"))!.Fired);
        Assert.Contains(harness.Log.Entries, e => e.Message == "Dropped a stale timer of instance T-3");
    }

    [Fact]
    public async Task Timer_Cleared_OldMessageIsDroppedAsStale()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("T-4", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "cancelled")));
        await harness.Client.SendAsync("T-4", Commands.Add(new AddCommand(ClearTimer: true)));

        await Eventually.WaitAsync(
            () => Task.FromResult(harness.Log.Entries.Any(e => e.Message == "Dropped a stale timer of instance T-4")), _wait, "stale timer dropped");
        await harness.WaitForEmptyQueuesAsync(_wait);
        var snapshot = await harness.Client.GetAsync("T-4", includeHistory: false);
        Assert.Empty(snapshot!.State.Fired);
        Assert.Null(snapshot.TimerDueAt);
    }

    [Fact]
    public async Task Timer_ReplacedWhileParked_OldRowIsDeletedAndOnlyNewOneFires()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("T-5", Commands.Add(new AddCommand(TimerInSeconds: 60, TimerTag: "far")));
        await harness.Client.SendAsync("T-5", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "near")));

        Assert.Empty(await harness.TimersTable.QueryAsync<TableEntity>().ToListAsync());
        var state = await harness.WaitForStateAsync("T-5", s => s.Fired.Count > 0, _wait, "near timer fired");
        Assert.Equal(["near"], state.Fired);
    }

    [Fact]
    public async Task ControlQueue_MessageFailingMaxDequeueCountTimes_GoesToPoisonQueue()
    {
        await using var harness = await DurableHarness.StartAsync(
            azurite.ConnectionString, worker: true, output: output, settings: new Dictionary<string, string?> { ["Cobranza:Durable:MaxDequeueCount"] = "2" });

        await harness.Client.SendAsync("T-6", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "boom")));

        var poison = harness.PoisonQueueOf("T-6");
        await Eventually.WaitAsync(async () => (await poison.PeekMessagesAsync(10)).Value.Length == 1, _wait, "message poisoned");
        await harness.WaitForEmptyQueuesAsync(_wait);
        var message = (await poison.PeekMessagesAsync(10)).Value.Single();
        Assert.Contains("\"i\":\"T-6\"", message.Body.ToString());
        Assert.Contains(harness.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("moving it to the poison queue"));
        Assert.Empty((await harness.StateAsync("T-6"))!.Fired);
    }
}
