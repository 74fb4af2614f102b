using System.Collections.Concurrent;
using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

[Collection(ClientCollection.Name)]
public sealed class CommitObserverTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private sealed class RecordingObserver(bool fail = false) : IInstanceCommitObserver<CounterState>
    {
        public ConcurrentQueue<InstanceCommit<CounterState>> Commits { get; } = new();

        public Task OnCommittedAsync(InstanceCommit<CounterState> commit, CancellationToken cancellationToken)
        {
            Commits.Enqueue(commit);
            return fail ? Task.FromException(new InvalidOperationException("the projection's storage is down")) : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SendAsync_EachCommit_TellsObserversThePreviousAndNewStateTheVersionAndTheAppendedHistory()
    {
        var observer = new RecordingObserver();
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output,
            configureServices: s => s.AddSingleton<IInstanceCommitObserver<CounterState>>(observer));

        await harness.Client.SendAsync("OBS-1", Commands.Add(new AddCommand(Amount: 2, HistoryEntries: 2)));
        await harness.Client.SendAsync("OBS-1", Commands.Add(new AddCommand(Amount: 3, HistoryEntries: 1)));
        await harness.Client.SendAsync("OBS-1", Commands.Noop());

        Assert.Equal(
            [("OBS-1", (int?)null, 2, 2L, "1,2"), ("OBS-1", 2, 5, 3L, "3")],
            observer.Commits.Select(c => (c.InstanceId, c.Previous?.Count, c.Current.Count, c.Version, string.Join(',', c.Appended.Select(h => h.Seq)))).ToList());
    }

    [Fact]
    public async Task SendAsync_ObserverFails_TheCommitStandsAndIsLogged()
    {
        var observer = new RecordingObserver(fail: true);
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output,
            configureServices: s => s.AddSingleton<IInstanceCommitObserver<CounterState>>(observer));

        var result = await harness.Client.SendAsync("OBS-2", Commands.Add(new AddCommand(Amount: 4)));

        Assert.True(result.Changed);
        Assert.Equal(4, (await harness.StateAsync("OBS-2"))!.Count);
        Assert.Single(observer.Commits);
        Assert.Contains(harness.Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && e.Message.Contains("commit observer", StringComparison.Ordinal) && e.Message.Contains("OBS-2", StringComparison.Ordinal));
    }
}
