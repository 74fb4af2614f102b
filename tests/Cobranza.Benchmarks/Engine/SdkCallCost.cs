using Azure;
using Azure.Data.Tables;

namespace Cobranza.Benchmarks.Engine;

/// <summary>What the SDK calls alone cost on the in-memory storage: the unit the app's storage work is made of.</summary>
public sealed record SdkCallResult(Throughput PointReads, Throughput Transactions, Throughput QueuePuts);

/// <summary>
/// Bare Azure SDK calls, many in flight, on the in-memory storage, with clients built as the app builds them: point
/// reads of a state-sized row, two-operation entity-group transactions, queue puts. Their CPU per call (the storage's
/// share left out) is the floor under any work that makes that many calls.
/// </summary>
public static class SdkCallCost
{
    private const int InFlight = 32;
    private const int Partitions = 1000;

    public static async Task<SdkCallResult> RunAsync(BenchmarkStorage storage, int calls)
    {
        var clients = storage.CreateClients();
        var table = clients.Tables.GetTableClient("sdkcost");
        await table.CreateIfNotExistsAsync();
        var state = new string('x', 3000); // about the size of a case's state row
        await Parallel.ForEachAsync(Enumerable.Range(0, Partitions), async (i, _) => await table.UpsertEntityAsync(new TableEntity($"P{i}", "!state") { ["State0"] = state }));
        var queue = clients.Queues.GetQueueClient("sdkcost");
        await queue.CreateIfNotExistsAsync();
        Func<TimeSpan> storageCpu = () => storage.InMemory?.ServiceCpu ?? TimeSpan.Zero;

        // A warm-up round of each, unmeasured (JIT).
        await RoundAsync(table, queue, state, 200);
        var reads = await Throughput.MeasureAsync(calls, storageCpu, () => Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (i, _) => await table.GetEntityIfExistsAsync<TableEntity>($"P{i % Partitions}", "!state")));
        var transactions = await Throughput.MeasureAsync(calls, storageCpu, () => Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (i, _) => await table.SubmitTransactionAsync(Transaction(i, state))));
        var puts = await Throughput.MeasureAsync(calls, storageCpu, () => Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (i, _) => await queue.SendMessageAsync("{\"i\":\"P1\",\"k\":\"timer\"}", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(-1))));
        return new SdkCallResult(reads, transactions, puts);
    }

    private static Task RoundAsync(TableClient table, Azure.Storage.Queues.QueueClient queue, string state, int calls) =>
        Parallel.ForEachAsync(Enumerable.Range(0, calls), async (i, _) =>
        {
            await table.GetEntityIfExistsAsync<TableEntity>($"P{i % Partitions}", "!state");
            await table.SubmitTransactionAsync(Transaction(-1 - i, state));
            await queue.SendMessageAsync("{}");
        });

    /// <summary>The state row replaced and one history row added, as a decision commits.</summary>
    private static List<TableTransactionAction> Transaction(int i, string state) =>
    [
        new(TableTransactionActionType.UpsertReplace, new TableEntity($"T{i}", "!state") { ["State0"] = state }),
        new(TableTransactionActionType.Add, new TableEntity($"T{i}", "h000000000001") { ["Type"] = "stepFired", ["Details"] = "{}" }),
    ];
}
