using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

[Collection(EffectCollection.Name)]
public sealed class EffectTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Effect_Committed_IsExecutedAndItsCompletionAppliedOnce()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("E-1", Commands.Add(new AddCommand(Effects: ["mail-1"])));

        await harness.WaitForStateAsync("E-1", s => s.Completed.Count > 0, _wait, "effect completed");
        await harness.WaitForEmptyQueuesAsync(_wait); // the recovery message came and found nothing left to do
        var snapshot = await harness.Client.GetAsync("E-1", includeHistory: true);
        Assert.Equal(["mail-1"], snapshot!.State.Completed);
        Assert.Empty(snapshot.PendingEffects);
        Assert.Equal(1, harness.Executor.Executions("E-1", "mail-1"));
    }

    [Fact]
    public async Task Effect_ExecutorThrowsTwice_IsRetriedInProcessAndCompletedOnce()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("E-2", Commands.Add(new AddCommand(Effects: ["fail2-mail"])));

        var state = await harness.WaitForStateAsync("E-2", s => s.Completed.Count > 0, _wait, "effect completed");
        await harness.WaitForEmptyQueuesAsync(_wait);
        Assert.Equal(["fail2-mail"], (await harness.StateAsync("E-2"))!.Completed);
        Assert.Equal(3, harness.Executor.Executions("E-2", "fail2-mail"));
    }

    [Fact]
    public async Task Effect_FailingEveryInProcessAttempt_IsFinishedByTheRecoveryMessage()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("E-3", Commands.Add(new AddCommand(Effects: ["fail3-mail"])));

        await harness.WaitForStateAsync("E-3", s => s.Completed.Count > 0, _wait, "effect completed");
        await harness.WaitForEmptyQueuesAsync(_wait);
        Assert.Equal(["fail3-mail"], (await harness.StateAsync("E-3"))!.Completed);
        Assert.Equal(4, harness.Executor.Executions("E-3", "fail3-mail"));
        Assert.Empty((await harness.Client.GetAsync("E-3", includeHistory: true))!.PendingEffects);
    }

    [Fact]
    public async Task TimerFire_WithAnEffect_RunsItBeforeTheTimerMessageIsDeleted()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("E-7", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "effect:mail-7")));

        await harness.WaitForStateAsync("E-7", s => s.Completed.Count > 0, _wait, "the fire's effect completed");
        await harness.WaitForEmptyQueuesAsync(_wait);
        Assert.Equal(["mail-7"], (await harness.StateAsync("E-7"))!.Completed);
        Assert.Equal(1, harness.Executor.Executions("E-7", "mail-7"));
        Assert.Empty((await harness.Client.GetAsync("E-7", includeHistory: true))!.PendingEffects);
    }

    [Fact]
    public async Task TimerFire_EffectFailingEveryInProcessAttempt_IsFinishedWhenTheTimerMessageComesBack()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: true, output: output);

        await harness.Client.SendAsync("E-8", Commands.Add(new AddCommand(TimerInSeconds: 1, TimerTag: "effect:fail3-mail")));

        await harness.WaitForStateAsync("E-8", s => s.Completed.Count > 0, _wait, "the fire's effect completed");
        await harness.WaitForEmptyQueuesAsync(_wait);
        var state = (await harness.StateAsync("E-8"))!;
        Assert.Equal(["effect:fail3-mail"], state.Fired); // the timer fired once; the message came back only for the effect
        Assert.Equal(["fail3-mail"], state.Completed);
        Assert.Equal(4, harness.Executor.Executions("E-8", "fail3-mail"));
        Assert.Contains(harness.Log.Entries, e => e.Message == "Dropped a stale timer of instance E-8");
    }

    [Fact]
    public async Task Effect_CompletedByAnotherWorkerMeanwhile_CompletionIsNotAppliedTwice()
    {
        var hub = DurableHarness.NewHubName();
        await using var processA = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await using var processB = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await processA.Client.SendAsync("E-4", Commands.Add(new AddCommand(Effects: ["mail-1"])));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        processA.Executor.BeforeExecute = async (_, _, ct) =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(ct);
        };

        var slowRun = processA.Services.GetRequiredService<IEffectDispatcher>().RunPendingAsync("E-4", CancellationToken.None);
        await entered.Task;
        Assert.True(await processB.Services.GetRequiredService<IEffectDispatcher>().RunPendingAsync("E-4", CancellationToken.None));
        release.SetResult();
        Assert.True(await slowRun);

        var snapshot = await processA.Client.GetAsync("E-4", includeHistory: true);
        Assert.Equal(["mail-1"], snapshot!.State.Completed);
        Assert.Single(snapshot.History, h => h.Type == "effectDone");
        Assert.Equal((1, 1), (processA.Executor.Executions("E-4", "mail-1"), processB.Executor.Executions("E-4", "mail-1")));
    }
}
