using System.Globalization;
using System.Web;
using Azure;
using Azure.Data.Tables;
using Cobranza.Durable;

namespace Cobranza.Benchmarks;

/// <summary>
/// Issues a recorded sequence of storage calls again, one after the other as the app made them, with the Azure SDK
/// (the same <see cref="StorageClients"/> options the app uses) against the same storage: the raw cost of those calls,
/// with nothing of the app around them.
/// <list type="bullet">
/// <item>Reads repeat the recorded read: the same entity (a recorded 404 stays a 404), query or blob.</item>
/// <item>Writes go to the same table, queue or container, in a partition, row or blob of their own per replay (so that
/// they change nothing of the app's), with the recorded size: an entity-group transaction keeps its number of
/// operations (inserts and replaces of new rows both become upserts), a queue put its visibility timeout.</item>
/// <item>A delete that found its entity deletes one created for it beforehand (<see cref="PrepareAsync"/>).</item>
/// <item>What a replay leaves behind that the app would have consumed (a queue message) is removed after the timed part.</item>
/// </list>
/// </summary>
public sealed class StorageCallReplay(StorageClients clients)
{
    /// <summary>Per-operation overhead of a batch's multipart body (boundary, headers, URL), taken off the entity padding.</summary>
    private const int BatchOperationOverhead = 400;

    /// <summary>Creates what the given replays of <paramref name="sequence"/> need to exist: scratch queues, entities their deletes remove.</summary>
    public async Task PrepareAsync(IReadOnlyList<RecordedStorageCall> sequence, IEnumerable<int> replays)
    {
        foreach (var queue in sequence.Where(c => c.Operation == "queue put").Select(c => c.Resource).Distinct())
        {
            await clients.Queues.GetQueueClient(ScratchQueue(queue)).CreateIfNotExistsAsync();
        }

        var deletes = sequence.Select((call, index) => (call, index)).Where(c => c.call.Operation == "table delete" && c.call.Status is >= 200 and < 300).ToList();
        if (deletes.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(replays, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (replay, cancellationToken) =>
        {
            foreach (var (call, index) in deletes)
            {
                await clients.Tables.GetTableClient(call.Resource).UpsertEntityAsync(new TableEntity(DeletePartition(replay), Row(index)), cancellationToken: cancellationToken);
            }
        });
    }

    /// <summary>Runs replay number <paramref name="replay"/> of the sequence; returns the clean-up, to run after the timing stopped.</summary>
    public async Task<Func<Task>> RunAsync(IReadOnlyList<RecordedStorageCall> sequence, int replay)
    {
        var leftovers = new List<Func<Task>>();
        for (var index = 0; index < sequence.Count; index++)
        {
            if (await RunOneAsync(sequence[index], replay, index) is { } cleanUp)
            {
                leftovers.Add(cleanUp);
            }
        }

        return async () =>
        {
            foreach (var cleanUp in leftovers)
            {
                await cleanUp();
            }
        };
    }

    private async Task<Func<Task>?> RunOneAsync(RecordedStorageCall call, int replay, int index)
    {
        var table = clients.Tables.GetTableClient(call.Resource);
        var partition = WritePartition(replay);
        switch (call.Operation)
        {
            case "table point read":
                await table.GetEntityIfExistsAsync<TableEntity>(call.PartitionKey!, call.RowKey!);
                return null;

            case "table query":
                var query = HttpUtility.ParseQueryString(call.Query);
                var select = query["$select"]?.Split(',');
                var top = int.TryParse(query["$top"], CultureInfo.InvariantCulture, out var t) ? t : (int?)null;
                await foreach (var _ in table.QueryAsync<TableEntity>(query["$filter"], top, select).AsPages())
                {
                    break; // One request: the first page.
                }

                return null;

            case "table batch":
                var padding = Padding((call.RequestBytes / Math.Max(1, call.BatchOperations.Count)) - BatchOperationOverhead);
                var actions = call.BatchOperations.Select((method, op) => BatchAction(method, new TableEntity(partition, Row(index) + "-" + Row(op)) { ["Pad"] = padding })).ToList();
                await table.SubmitTransactionAsync(actions);
                return null;

            case "table upsert/replace" or "table insert" or "table merge":
                var entity = new TableEntity(partition, Row(index)) { ["Pad"] = Padding(call.RequestBytes - 100) };
                await (call.Operation == "table insert" ? table.AddEntityAsync(entity) : table.UpsertEntityAsync(entity, call.Operation == "table merge" ? TableUpdateMode.Merge : TableUpdateMode.Replace));
                return null;

            case "table delete":
                var found = call.Status is >= 200 and < 300;
                try
                {
                    await table.DeleteEntityAsync(found ? DeletePartition(replay) : partition, Row(index), ETag.All);
                }
                catch (RequestFailedException e) when (e.Status == 404 && !found)
                {
                    // As recorded: nothing to delete.
                }

                return null;

            case "queue put":
                var queue = clients.Queues.GetQueueClient(ScratchQueue(call.Resource));
                var parameters = HttpUtility.ParseQueryString(call.Query);
                var visibility = int.TryParse(parameters["visibilitytimeout"], CultureInfo.InvariantCulture, out var v) ? TimeSpan.FromSeconds(v) : (TimeSpan?)null;
                // The body is the Base64 text in an XML envelope of about 60 bytes.
                var text = Padding((int)((call.RequestBytes - 60) * 3 / 4));
                var receipt = (await queue.SendMessageAsync(text, visibility)).Value;
                return () => queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt);

            case "blob put":
                await clients.Blobs.GetBlobContainerClient(call.Resource).GetBlobClient($"~replay/{replay}/{index}").UploadAsync(new BinaryData(new byte[call.RequestBytes]), overwrite: true);
                return null;

            case "blob get":
                await clients.Blobs.GetBlobContainerClient(call.Resource).GetBlobClient(call.RowKey).DownloadContentAsync();
                return null;

            default:
                throw new NotSupportedException($"No replay for {call.Signature}; add one to {nameof(StorageCallReplay)}.");
        }
    }

    /// <summary>The queue a replayed put goes to: beside the app's queue, never read by the app.</summary>
    public static string ScratchQueue(string queue) => queue + "-replay";

    private static TableTransactionAction BatchAction(string method, TableEntity entity) => method switch
    {
        // An insert of a new row, as an upsert: the same work, and an SDK retry of a batch that did commit does not fail.
        "POST" or "PUT" => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
        "MERGE" or "PATCH" => new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity),
        _ => throw new NotSupportedException($"No replay for a batch operation {method}."),
    };

    // '~' sorts after every id the app uses as a key, and no id contains it: these partitions are the replay's own.
    private static string WritePartition(int replay) => string.Create(CultureInfo.InvariantCulture, $"~replay-{replay:D7}");

    private static string DeletePartition(int replay) => string.Create(CultureInfo.InvariantCulture, $"~replay-delete-{replay:D7}");

    private static string Row(int index) => index.ToString("D3", CultureInfo.InvariantCulture);

    private static string Padding(long length) => new('x', (int)Math.Clamp(length, 0, 60_000));
}
