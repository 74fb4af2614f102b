using Azure.Data.Tables;
using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

/// <summary>
/// The runtime reports each fault point on the way of one command (effect + far timer), and whatever point a worker
/// dies at, a fresh worker finishes the work: the effect completed once, the timer fired once, no work left behind.
/// </summary>
public sealed class FaultPointTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(30);

    // A message the dead worker had received comes back after this (by default 5 minutes, as in DTFx).
    private static readonly Dictionary<string, string?> _shortVisibility = new() { ["Cobranza:Durable:MessageVisibilityTimeout"] = "00:00:03" };

    [Theory]
    [InlineData(DurableFaultPoint.AfterDecide)]
    [InlineData(DurableFaultPoint.AfterOutboundPrewrite)]
    [InlineData(DurableFaultPoint.AfterCommit)]
    [InlineData(DurableFaultPoint.BeforeEffect)]
    [InlineData(DurableFaultPoint.AfterEffect)]
    [InlineData(DurableFaultPoint.BeforeAck)]
    [InlineData(DurableFaultPoint.AfterTimerSwept)]
    public async Task Crash_AtFaultPoint_FreshWorkerCompletesEffectOnceAndFiresTimerOnce(DurableFaultPoint point)
    {
        var hub = DurableHarness.NewHubName();
        var command = Commands.Add(new AddCommand(Effects: ["mail-1"], TimerInSeconds: 4, TimerTag: "far"));
        var faults = new CrashingFaultInjector(point);
        var first = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, hub, output, _shortVisibility, faults: faults);
        try
        {
            await first.Client.SendAsync("F-1", command);
        }
        catch (InjectedCrashException) when (faults.HasCrashed)
        {
            output.WriteLine($"The command itself was cut off at {point}");
        }

        await Eventually.WaitAsync(() => Task.FromResult(faults.HasCrashed), _wait, $"{point} reached");
        await first.StopAsync();

        await using var second = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, hub, output, _shortVisibility);
        if (await second.StateAsync("F-1") is null)
        {
            // Cut off before its commit: the caller sends it again, as a webhook sender retries a failed request.
            Assert.True(point is DurableFaultPoint.AfterDecide or DurableFaultPoint.AfterOutboundPrewrite, $"The command was lost after {point}");
            await second.Client.SendAsync("F-1", command);
        }

        var state = await second.WaitForStateAsync("F-1", s => s.Completed.Count > 0 && s.Fired.Count > 0, _wait, "effect done and timer fired");
        await second.WaitForEmptyQueuesAsync(_wait);
        state = (await second.StateAsync("F-1"))!;
        Assert.Equal(1, state.Count);
        Assert.Equal(["mail-1"], state.Completed);
        Assert.Equal(["far"], state.Fired);
        Assert.Empty(await second.TimersTable.QueryAsync<TableEntity>().ToListAsync());
        Assert.Empty(await second.InstancesTable.QueryAsync<TableEntity>(e => e.PartitionKey == "F-1" && e.RowKey.CompareTo("e|") >= 0 && e.RowKey.CompareTo("e}") < 0).ToListAsync());

        // At least once: only a crash after the executor ran may make it run again.
        var executions = first.Executor.Executions("F-1", "mail-1") + second.Executor.Executions("F-1", "mail-1");
        Assert.Equal(point == DurableFaultPoint.AfterEffect ? 2 : 1, executions);
        await first.DisposeAsync();
    }
}
