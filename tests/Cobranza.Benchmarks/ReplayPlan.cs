using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;

namespace Cobranza.Benchmarks;

/// <summary>
/// The recorded operations of the app, scaled to a number of fires, as raw SDK calls against the same tables, queues
/// and containers: reads read the keys the app read and queries run the app's own filters; writes write entities, blobs
/// and messages of the recorded sizes (batches part by part) under keys of their own, so the app's data stays as it
/// was. What a timed call needs to exist first (a row to delete, a received message to delete) is made beforehand,
/// untimed; what the calls wrote is removed afterwards, untimed, so every run starts at the same fill. Queue calls go to
/// a "-replay" twin of each queue, so that the app's listeners never see a replayed message.
/// </summary>
public sealed class ReplayPlan
{
    private readonly ReplayClients _clients;
    private readonly string _prefix;
    private readonly Random _random;
    private readonly List<Func<CancellationToken, Task>> _prepare = [];
    private readonly List<(string Kind, Func<CancellationToken, Task> Call)> _timed = [];
    private readonly List<Func<CancellationToken, Task>> _cleanup = [];
    private readonly ConcurrentBag<(TableClient Table, string PartitionKey, string RowKey)> _written = [];
    private int _next;

    private ReplayPlan(ReplayClients clients, string prefix, Random random)
    {
        _clients = clients;
        _prefix = prefix;
        _random = random;
    }

    /// <summary>Untimed, before: rows and messages the timed calls need.</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> Prepare => _prepare;

    /// <summary>The replayed storage calls, shuffled, each with the recorded operation it stands for.</summary>
    public IReadOnlyList<(string Kind, Func<CancellationToken, Task> Call)> Timed => _timed;

    /// <summary>Untimed, after: removes what the prepared and timed calls wrote.</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> Cleanup => _cleanup;

    /// <summary>Operations the plan cannot replay, with their recorded counts (reported, not hidden).</summary>
    public List<string> NotReplayed { get; } = [];

    /// <summary>The queue a replay of <paramref name="queue"/>'s traffic uses.</summary>
    public static string ReplayQueueName(string queue) => queue + "-replay";

    /// <summary>Each recorded operation <paramref name="scale"/> times (rounded), batches shape by shape.</summary>
    public static ReplayPlan Build(ReplayClients clients, IEnumerable<RecordedOperation> mix, double scale, string prefix, int seed)
    {
        var plan = new ReplayPlan(clients, prefix, new Random(seed));
        foreach (var queue in mix.Where(o => o.Operation.StartsWith("queue ", StringComparison.Ordinal)).GroupBy(o => o.Resource))
        {
            plan.AddQueue(queue.Key, queue.ToList(), scale);
        }

        foreach (var operation in mix.Where(o => !o.Operation.StartsWith("queue ", StringComparison.Ordinal)))
        {
            plan.Add(operation, scale);
        }

        plan._cleanup.Add(plan.DeleteWrittenRowsAsync);
        var shuffled = plan._timed.ToArray();
        plan._random.Shuffle(shuffled);
        plan._timed.Clear();
        plan._timed.AddRange(shuffled);
        return plan;
    }

    private static int Scaled(long count, double scale) => (int)Math.Round(count * scale, MidpointRounding.AwayFromZero);

    private void Add(RecordedOperation operation, double scale)
    {
        var count = Scaled(operation.Count, scale);
        var table = _clients.Tables.GetTableClient(operation.Resource);
        var blobs = _clients.Blobs.GetBlobContainerClient(operation.Resource);
        var targets = operation.Targets;
        var bytes = (int)operation.MeanBodyBytes;
        var kind = operation.ToString();
        switch (operation.Operation)
        {
            case "table point read" when targets.Count > 0:
                Repeat(kind, count, ct =>
                {
                    var (pk, rk) = TappedRequest.ParseKey(Pick(targets));
                    return table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
                });
                break;
            case "table query" when targets.Count > 0:
                Repeat(kind, count, ct => FirstPageAsync(table, Pick(targets), ct));
                break;
            case "table upsert/replace":
                Repeat(kind, count, ct => table.UpsertEntityAsync(NewRow(table, "u", operation.SampleBody, bytes), TableUpdateMode.Replace, ct));
                break;
            case "table merge":
                Repeat(kind, count, ct => table.UpsertEntityAsync(NewRow(table, "m", operation.SampleBody, bytes), TableUpdateMode.Merge, ct));
                break;
            case "table insert":
                Repeat(kind, count, ct => table.AddEntityAsync(NewRow(table, "i", operation.SampleBody, bytes), ct));
                break;
            case "table delete":
                for (var i = 0; i < count; i++)
                {
                    var row = RecordedEntity.Create($"{_prefix}-s", $"d{Interlocked.Increment(ref _next)}", null, 200); // deleted by the timed call
                    _prepare.Add(ct => table.AddEntityAsync(row, ct));
                    _timed.Add((kind, ct => table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct)));
                }

                break;
            case "table batch":
                foreach (var shape in operation.Shapes)
                {
                    for (var i = 0; i < Scaled(shape.Count, scale); i++)
                    {
                        AddBatch(kind, table, shape);
                    }
                }

                break;
            case "blob put":
                Repeat(kind, count, ct => blobs.GetBlobClient($"{_prefix}/{Interlocked.Increment(ref _next)}.json").UploadAsync(
                    new BinaryData(new byte[bytes]), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct));
                _cleanup.Add(ct => DeleteBlobsAsync(blobs, ct));
                break;
            case "blob get" when targets.Count > 0:
                Repeat(kind, count, ct => IgnoreNotFoundAsync(blobs.GetBlobClient(Pick(targets)).DownloadContentAsync(ct)));
                break;
            case "blob head" when targets.Count > 0:
                Repeat(kind, count, ct => IgnoreNotFoundAsync(blobs.GetBlobClient(Pick(targets)).GetPropertiesAsync(cancellationToken: ct)));
                break;
            case "blob container get":
                Repeat(kind, count, ct => FirstBlobPageAsync(blobs, TappedRequest.QueryParameter(Pick(targets), "prefix"), ct));
                break;
            default:
                if (count > 0)
                {
                    NotReplayed.Add($"{operation} ({operation.Count} recorded)");
                }

                break;
        }
    }

    /// <summary>
    /// One queue's traffic on its replay twin: puts with the recorded visibility delays; receives of the mean number of
    /// messages the app received (every received message was settled by one delete or update), from messages put
    /// (visible) beforehand; deletes and updates with receipts of messages put and
    /// received beforehand.
    /// </summary>
    private void AddQueue(string queueName, List<RecordedOperation> operations, double scale)
    {
        var queue = _clients.Queues.GetQueueClient(ReplayQueueName(queueName));
        RecordedOperation? Find(string name) => operations.FirstOrDefault(o => o.Operation == name);
        var puts = Find("queue put");
        var receives = Find(TappedRequest.Receive);
        var deletes = Scaled(Find("queue delete")?.Count ?? 0, scale);
        var updates = Find("queue update");
        var receiveCount = Scaled(receives?.Count ?? 0, scale);
        var settled = (Find("queue delete")?.Count ?? 0) + (updates?.Count ?? 0);
        var perReceive = Math.Max(1, (int)Math.Round((double)settled / Math.Max(1, receives?.Count ?? 1)));
        var receiveVisibility = TimeSpan.FromSeconds(TappedRequest.IntParameter(receives?.Targets.FirstOrDefault(), "visibilitytimeout", 300));
        var updateCount = Scaled(updates?.Count ?? 0, scale);
        var messageText = new string('x', Math.Max(16, (int)(puts?.MeanBodyBytes ?? 200) - 60));

        var receipts = new ConcurrentQueue<(string Id, string PopReceipt)>();
        _prepare.Add(async ct =>
        {
            await SendManyAsync(queue, messageText, deletes + updateCount, ct);
            while (receipts.Count < deletes + updateCount)
            {
                var got = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), ct)).Value;
                if (got.Length == 0)
                {
                    throw new InvalidOperationException($"Replay queue {queue.Name} returned too few messages to delete.");
                }

                foreach (var message in got)
                {
                    receipts.Enqueue((message.MessageId, message.PopReceipt));
                }
            }

            await SendManyAsync(queue, messageText, receiveCount * perReceive, ct);
        });
        _cleanup.Add(ct => queue.ClearMessagesAsync(ct));

        if (puts is not null)
        {
            var targets = puts.Targets;
            Repeat(puts.ToString(), Scaled(puts.Count, scale), ct =>
            {
                var target = Pick(targets);
                return queue.SendMessageAsync(messageText, TimeSpan.FromSeconds(TappedRequest.IntParameter(target, "visibilitytimeout", 0)),
                    TimeSpan.FromSeconds(TappedRequest.IntParameter(target, "messagettl", -1)), ct);
            });
        }

        Repeat($"{TappedRequest.Receive} [{queueName}]", receiveCount, ct => queue.ReceiveMessagesAsync(perReceive, receiveVisibility, ct));
        Repeat($"queue delete [{queueName}]", deletes, ct => receipts.TryDequeue(out var m) ? queue.DeleteMessageAsync(m.Id, m.PopReceipt, ct) : Task.CompletedTask);
        Repeat($"queue update [{queueName}]", updateCount, ct => receipts.TryDequeue(out var m)
            ? queue.UpdateMessageAsync(m.Id, m.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(2), cancellationToken: ct)
            : Task.CompletedTask);
        foreach (var other in operations.Where(o => o.Operation is not ("queue put" or TappedRequest.Receive or "queue delete" or "queue update" or TappedRequest.EmptyReceive)))
        {
            NotReplayed.Add($"{other} ({other.Count} recorded)");
        }
    }

    /// <summary>
    /// One batch in a partition of its own, each part with the recorded part's properties: replaced, merged and deleted
    /// rows are written beforehand (as the recorded ones were, with the same properties), added rows are new.
    /// </summary>
    private void AddBatch(string kind, TableClient table, BatchShape shape)
    {
        var partition = $"{_prefix}-b{Interlocked.Increment(ref _next)}";
        var rows = shape.Methods.Select((method, i) => (Method: method, Row: RecordedEntity.Create(partition, $"r{i}", shape.SampleBodies[i], shape.MeanBytes[i]))).ToList();
        var existing = rows.Where(r => r.Method != "POST").Select(r => new TableTransactionAction(TableTransactionActionType.Add,
            r.Method == "DELETE" ? RecordedEntity.Create(partition, r.Row.RowKey, null, 200) : r.Row)).ToList();
        if (existing.Count > 0)
        {
            _prepare.Add(ct => table.SubmitTransactionAsync(existing, ct));
        }

        var actions = rows.Select(r => r.Method switch
        {
            "POST" => new TableTransactionAction(TableTransactionActionType.Add, r.Row),
            "DELETE" => new TableTransactionAction(TableTransactionActionType.Delete, r.Row, ETag.All),
            "MERGE" or "PATCH" => new TableTransactionAction(TableTransactionActionType.UpsertMerge, r.Row),
            _ => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Row),
        }).ToList();
        _timed.Add((kind, ct => table.SubmitTransactionAsync(actions, ct)));
        foreach (var (method, row) in rows.Where(r => r.Method != "DELETE"))
        {
            _written.Add((table, row.PartitionKey, row.RowKey));
        }
    }

    private void Repeat(string kind, int count, Func<CancellationToken, Task> call)
    {
        for (var i = 0; i < count; i++)
        {
            _timed.Add((kind, call));
        }
    }

    private string Pick(IReadOnlyList<string> targets)
    {
        lock (_random)
        {
            return targets.Count == 0 ? string.Empty : targets[_random.Next(targets.Count)];
        }
    }

    /// <summary>A new row in the plan's single-row partition, like the recorded write's entity, remembered for the cleanup.</summary>
    private TableEntity NewRow(TableClient table, string kind, string? body, int bodyBytes)
    {
        var row = RecordedEntity.Create($"{_prefix}-s", $"{kind}{Interlocked.Increment(ref _next)}", body, bodyBytes);
        _written.Add((table, row.PartitionKey, row.RowKey));
        return row;
    }

    private static async Task FirstPageAsync(TableClient table, string query, CancellationToken ct)
    {
        var select = TappedRequest.QueryParameter(query, "$select")?.Split(',');
        var top = TappedRequest.IntParameter(query, "$top", 1000);
        var pages = table.QueryAsync<TableEntity>(TappedRequest.QueryParameter(query, "$filter"), top, select, ct).AsPages(pageSizeHint: top);
        await using var page = pages.GetAsyncEnumerator(ct);
        await page.MoveNextAsync();
    }

    private static async Task FirstBlobPageAsync(Azure.Storage.Blobs.BlobContainerClient container, string? prefix, CancellationToken ct)
    {
        await using var page = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).AsPages().GetAsyncEnumerator(ct);
        await page.MoveNextAsync();
    }

    private static async Task IgnoreNotFoundAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The app may have read a blob that is not there either: the call cost the same.
        }
    }

    private static Task SendManyAsync(QueueClient queue, string text, int count, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (_, c) => await queue.SendMessageAsync(text, c));

    private async Task DeleteBlobsAsync(Azure.Storage.Blobs.BlobContainerClient container, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix + "/" }, ct))
        {
            names.Add(blob.Name);
        }

        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (name, c) => await container.DeleteBlobIfExistsAsync(name, cancellationToken: c));
    }

    /// <summary>Deletes every row the plan wrote, 100 to a transaction per partition (a row already gone is not an error).</summary>
    private Task DeleteWrittenRowsAsync(CancellationToken ct)
    {
        var groups = _written.GroupBy(w => (w.Table.Name, w.PartitionKey)).SelectMany(g => g.Select(w => w).Chunk(100)).ToList();
        return Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (chunk, c) =>
        {
            var table = chunk[0].Table;
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(w => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(w.PartitionKey, w.RowKey), ETag.All)), c);
            }
            catch (TableTransactionFailedException)
            {
                foreach (var w in chunk)
                {
                    await table.DeleteEntityAsync(w.PartitionKey, w.RowKey, ETag.All, c);
                }
            }
        });
    }
}
