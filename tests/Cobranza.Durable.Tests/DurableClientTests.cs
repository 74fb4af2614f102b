using Azure.Data.Tables;
using Cobranza.Durable.Tests.Support;
using Cobranza.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests;

[Collection(ClientCollection.Name)]
public sealed class DurableClientTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task SendAsync_NewInstance_CommitsStateHistoryAndEffectsInOnePartition()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        var result = await harness.Client.SendAsync("INV-1", Commands.Add(new AddCommand(Amount: 5, Effects: ["mail-1", "sms-1"], HistoryEntries: 3)));

        Assert.True(result.Changed);
        Assert.Equal(5, result.Reply);
        var rows = await harness.InstancesTable.QueryAsync<TableEntity>(e => e.PartitionKey == "INV-1").ToListAsync();
        Assert.Equal(
            ["!state", "e|mail-1", "e|sms-1", "h000000000001", "h000000000002", "h000000000003"],
            rows.Select(r => r.RowKey));
        Assert.Equal(3L, rows[0].GetInt64("LastSeq"));
        Assert.Equal("odd", rows[0].GetString("Parity"));
        var snapshot = await harness.Client.GetAsync("INV-1", includeHistory: true);
        Assert.Equal([1L, 2L, 3L], snapshot!.History.Select(h => h.Seq));
        Assert.Equal(["mail-1", "sms-1"], snapshot.PendingEffects.Select(e => e.Id));
    }

    [Fact]
    public async Task SendAsync_DecisionAboveHundredOperations_FailsClearlyAndWritesNothing()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => harness.Client.SendAsync("INV-2", Commands.Add(new AddCommand(HistoryEntries: 100))));

        Assert.Contains("at most 100", error.Message);
        Assert.Null(await harness.Client.GetAsync("INV-2", includeHistory: true));
    }

    [Fact]
    public async Task SendAsync_UnchangedDecision_WritesNothingAndReturnsReply()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        var result = await harness.Client.SendAsync("INV-3", Commands.Noop());

        Assert.Equal((false, "nothing to do", (CounterState?)null), (result.Changed, result.Reply, result.State));
        Assert.Null(await harness.Client.GetAsync("INV-3", includeHistory: false));
    }

    [Fact]
    public async Task SendAsync_StaleETagFromAnotherProcess_RedecidesWithoutLosingTheUpdate()
    {
        var hub = DurableHarness.NewHubName();
        await using var processA = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await using var processB = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await processA.Client.SendAsync("INV-4", Commands.Add(1));
        var interfered = 0;
        processA.Logic.OnDecide = (_, _, _) =>
        {
            // While A decides on what it read, B (another process) commits a change to the same instance.
            if (Interlocked.Exchange(ref interfered, 1) == 0)
            {
                processB.Client.SendAsync("INV-4", Commands.Add(10)).GetAwaiter().GetResult();
            }
        };

        var result = await processA.Client.SendAsync("INV-4", Commands.Add(100));

        Assert.Equal(111, result.State!.Count);
        Assert.Equal(3, processA.Logic.Decisions); // the first command, then the decision that lost, then the re-decision
        var snapshot = await processA.Client.GetAsync("INV-4", includeHistory: true);
        Assert.Equal(111, snapshot!.State.Count);
        Assert.Equal(["+1 #0", "+10 #0", "+100 #0"], snapshot.History.Select(h => h.Details));
    }

    [Fact]
    public async Task SendAndReadAsync_ExistingInstance_ReturnsTheWholeHistoryAfterTheCommandAsStored()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);
        await harness.Client.SendAsync("INV-6", Commands.Add(new AddCommand(Amount: 1, HistoryEntries: 2)));

        var (result, after) = await harness.Client.SendAndReadAsync("INV-6", Commands.Add(2));

        Assert.Equal(3, result.State!.Count);
        var stored = await harness.Client.GetAsync("INV-6", includeHistory: true);
        Assert.Equal(stored!.State.Count, after!.State.Count);
        Assert.Equal(stored.History, after.History);
        Assert.Equal([1L, 2L, 3L], after.History.Select(h => h.Seq));
        Assert.Equal(2, harness.Logic.Decisions); // the read before the command served its decision
    }

    [Fact]
    public async Task SendAndReadAsync_InstanceChangedAfterTheRead_RedecidesAndReturnsTheHistoryWithTheOtherChange()
    {
        var hub = DurableHarness.NewHubName();
        await using var processA = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await using var processB = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, hub, output);
        await processA.Client.SendAsync("INV-7", Commands.Add(1));
        var interfered = 0;
        processA.Logic.OnDecide = (_, _, _) =>
        {
            if (Interlocked.Exchange(ref interfered, 1) == 0)
            {
                processB.Client.SendAsync("INV-7", Commands.Add(10)).GetAwaiter().GetResult();
            }
        };

        var (result, after) = await processA.Client.SendAndReadAsync("INV-7", Commands.Add(100));

        Assert.Equal(111, result.State!.Count);
        Assert.Equal(["+1 #0", "+10 #0", "+100 #0"], after!.History.Select(h => h.Details));
    }

    [Fact]
    public async Task SendAsync_FiftyConcurrentCommandsOnOneInstance_AllAppliedExactlyOnce()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => harness.Client.SendAsync("INV-5", Commands.Add(1)))));

        var snapshot = await harness.Client.GetAsync("INV-5", includeHistory: true);
        Assert.Equal(50, snapshot!.State.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), snapshot.History.Select(h => h.Seq));
        Assert.Equal(50, harness.Logic.Decisions); // serialised in-process: no ETag retries
        Assert.Equal(0, harness.Services.GetRequiredService<KeyedAsyncLock>().Count);
    }

    [Fact]
    public async Task SendAsync_StateLargerThanOneTableProperty_RoundTrips()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        await harness.Client.SendAsync("INV-6", Commands.Add(new AddCommand(PaddingChars: 100_000)));
        await harness.Client.SendAsync("INV-6", Commands.Add(new AddCommand(PaddingChars: 10)));

        var state = await harness.StateAsync("INV-6");
        Assert.Equal((2, 10), (state!.Count, state.Padding!.Length));
    }

    [Fact]
    public async Task QueryAsync_ByIndexColumns_ReturnsMatchesAcrossPages()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);
        for (var i = 0; i < 5; i++)
        {
            await harness.Client.SendAsync($"Q-{i}", Commands.Add(new AddCommand(Amount: i, Group: "north")));
        }

        await harness.Client.SendAsync("Q-x", Commands.Add(new AddCommand(Group: "o'brien")));

        var all = new List<CounterState>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await harness.Client.QueryAsync(new Dictionary<string, string?> { ["Group"] = "north", ["Parity"] = null }, 2, token);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        var quoted = await harness.Client.QueryAsync(new Dictionary<string, string?> { ["Group"] = "o'brien" }, 10, null);
        var even = await harness.Client.QueryAsync(new Dictionary<string, string?> { ["Group"] = "north", ["Parity"] = "even" }, 10, null);
        Assert.Equal([0, 1, 2, 3, 4], all.Select(s => s.Count).Order());
        Assert.True(pages >= 3);
        Assert.Equal("o'brien", Assert.Single(quoted.Items).Group);
        Assert.Equal([0, 2, 4], even.Items.Select(s => s.Count).Order());
    }

    [Fact]
    public async Task QueryAsync_UnsafeColumnName_IsRefused()
    {
        await using var harness = await DurableHarness.StartAsync(azurite.ConnectionString, worker: false, output: output);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => harness.Client.QueryAsync(new Dictionary<string, string?> { ["Group eq 'x' or RowKey"] = "y" }, 10, null));
    }
}
