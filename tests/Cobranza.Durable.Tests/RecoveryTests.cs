using Azure.Data.Tables;
using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

[Collection(EffectCollection.Name)]
public sealed class RecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Restart_WorkerStoppedAfterCommit_EffectsAndTimersStillHappenExactlyOnce()
    {
        var hub = DurableHarness.NewHubName();
        var first = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, hub, output);
        // The first process gets the effect but never finishes it: it stops while the executor is still at work.
        first.Executor.BeforeExecute = (_, _, ct) => Task.Delay(Timeout.Infinite, ct);
        await first.Client.SendAsync("R-1", Commands.Add(new AddCommand(Effects: ["mail-1"], TimerInSeconds: 4, TimerTag: "far")));
        await first.Client.SendAsync("R-2", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "near")));
        await first.StopAsync();

        await using var second = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, hub, output);
        Assert.Empty((await second.StateAsync("R-1"))!.Completed);

        await second.WaitForStateAsync("R-1", s => s.Completed.Count > 0 && s.Fired.Count > 0, _wait, "effect and far timer done");
        await second.WaitForStateAsync("R-2", s => s.Fired.Count > 0, _wait, "near timer fired");
        await second.WaitForEmptyQueuesAsync(_wait);
        var r1 = (await second.StateAsync("R-1"))!;
        Assert.Equal(["mail-1"], r1.Completed);
        Assert.Equal(["far"], r1.Fired);
        Assert.Equal(["near"], (await second.StateAsync("R-2"))!.Fired);
        Assert.Equal((0, 1), (first.Executor.Executions("R-1", "mail-1"), second.Executor.Executions("R-1", "mail-1")));
        Assert.Empty(await second.TimersTable.QueryAsync<TableEntity>().ToListAsync());
        await first.DisposeAsync();
    }
}

/// <summary>Restarts Azurite itself (on a persisted folder), so it runs with its own emulator instead of a shared fixture.</summary>
public sealed class AzuriteRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restart_AzuriteAndWorkerRestartedOnSameFolder_PendingWorkIsCarriedOut()
    {
        await using var azurite = await PersistentAzurite.StartAsync();
        var hub = DurableHarness.NewHubName();
        await using (var client = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output))
        {
            await client.Client.SendAsync("P-1", Commands.Add(new AddCommand(Effects: ["mail-1"], TimerInSeconds: 4, TimerTag: "far")));
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await azurite.RestartAsync();
        output.WriteLine($"Azurite restarted in {stopwatch.Elapsed}");
        await using var worker = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, hub, output);

        var state = await worker.WaitForStateAsync("P-1", s => s.Completed.Count > 0 && s.Fired.Count > 0, TimeSpan.FromSeconds(20), "work carried out");
        Assert.Equal(["mail-1"], state.Completed);
        Assert.Equal(["far"], state.Fired);
        Assert.Equal(1, worker.Executor.Executions("P-1", "mail-1"));
    }
}
