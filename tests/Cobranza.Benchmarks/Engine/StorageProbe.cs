using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Cobranza.Durable;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// Direct SDK calls, the same on Azurite and on the in-memory storage, each answering one line: the refusals the
/// runtime relies on (409, 412, 404, a transaction's failed index and all-or-nothing), value types through a round
/// trip, filters and paging, queue visibility, dequeue counts and pop receipts, blob conditions and listings.
/// </summary>
public static class StorageProbe
{
    public static async Task<IReadOnlyList<string>> RunAsync(BenchmarkStorage storage)
    {
        var clients = storage.CreateClients(); // as the app builds them: Base64 queue messages
        var lines = new List<string>();
        async Task Probe(string what, Func<Task<object?>> call)
        {
            try
            {
                lines.Add($"{what}: {await call()}");
            }
            catch (TableTransactionFailedException e)
            {
                lines.Add($"{what}: transaction failed at {e.FailedTransactionActionIndex} with {e.Status} {e.ErrorCode}");
            }
            catch (RequestFailedException e)
            {
                lines.Add($"{what}: {e.Status} {e.ErrorCode}");
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                lines.Add($"{what}: {e.GetType().Name}");
            }
        }

        await ProbeTablesAsync(clients, Probe);
        await ProbeQueuesAsync(clients, Probe);
        await ProbeBlobsAsync(clients, Probe);
        return lines;
    }

    private static async Task ProbeTablesAsync(StorageClients clients, Func<string, Func<Task<object?>>, Task> probe)
    {
        var table = clients.Tables.GetTableClient("probe");
        await probe("create table", async () => (await table.CreateAsync()).Value.Name);
        await probe("create table again", async () => (await table.CreateAsync()).Value.Name);
        await probe("create table if not exists", async () => (await table.CreateIfNotExistsAsync()) is null ? "exists" : "created");
        var at = new DateTimeOffset(2026, 11, 24, 3, 4, 5, 678, TimeSpan.Zero);
        var entity = new TableEntity("p1", "r1")
        {
            ["Text"] = "ñandú 'quoted'", ["Int"] = 42, ["Long"] = 1L << 40, ["At"] = at, ["Flag"] = true, ["Id"] = Guid.Empty, ["Bytes"] = new byte[] { 1, 2, 3 },
        };
        await probe("insert", async () => (await table.AddEntityAsync(entity)).Status);
        await probe("insert again", async () => (await table.AddEntityAsync(entity)).Status);
        await probe("read missing", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p1", "nope")).HasValue);
        await probe("read types", async () =>
        {
            var read = (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value;
            return string.Join(", ", read.Keys.Where(k => k is not ("odata.etag" or "Timestamp")).Order(StringComparer.Ordinal)
                .Select(k => $"{k}={Show(read[k])}"));
        });
        var etag = (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value.ETag;
        await probe("replace with the read ETag", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "r1") { ["Text"] = "v2" }, etag, TableUpdateMode.Replace)).Status);
        await probe("replace with a stale ETag", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "r1") { ["Text"] = "v3" }, etag, TableUpdateMode.Replace)).Status);
        await probe("merge with ETag *", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "r1") { ["More"] = 1 }, ETag.All, TableUpdateMode.Merge)).Status);
        await probe("update missing", async () => (await table.UpdateEntityAsync(new TableEntity("p1", "nope"), ETag.All)).Status);
        await probe("properties after merge", async () => string.Join(",", (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value.Keys.Where(k => k is not ("odata.etag" or "Timestamp")).Order(StringComparer.Ordinal)));
        await probe("upsert replace", async () => (await table.UpsertEntityAsync(new TableEntity("p1", "r1") { ["Only"] = "x" }, TableUpdateMode.Replace)).Status);
        await probe("upsert merge new", async () => (await table.UpsertEntityAsync(new TableEntity("p1", "r2") { ["Only"] = "y" }, TableUpdateMode.Merge)).Status);
        await probe("properties after upsert", async () => string.Join(",", (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value.Keys.Where(k => k is not ("odata.etag" or "Timestamp")).Order(StringComparer.Ordinal)));
        await probe("delete with a stale ETag", async () => (await table.DeleteEntityAsync("p1", "r1", etag)).Status);
        await probe("delete missing", async () => (await table.DeleteEntityAsync("p1", "nope", ETag.All)).Status);
        await probe("delete", async () => (await table.DeleteEntityAsync("p1", "r2", ETag.All)).Status);

        var current = (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value.ETag;
        await probe("transaction, stale ETag second", async () => (await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "h1")),
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("p1", "r1"), etag)])).Value.Count);
        await probe("nothing of it written", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p1", "h1")).HasValue);
        await probe("transaction, insert conflict third", async () => (await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r2")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p1", "h9")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r1"))])).Value.Count);
        await probe("nothing of that written", async () => (await table.GetEntityIfExistsAsync<TableEntity>("p1", "r2")).HasValue);
        await probe("transaction, one row twice", async () => (await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("p1", "r1"), current),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "r1"))])).Value.Count);
        await probe("transaction, delete missing first", async () => (await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p1", "nope"), ETag.All)])).Value.Count);
        await probe("transaction commits", async () =>
        {
            var results = (await table.SubmitTransactionAsync([
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("p1", "r1") { ["State"] = "active" }, current),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "e|one") { ["Type"] = "t" }),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "e|two") { ["Type"] = "t" }),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p1", "h2")),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p1", "f"))])).Value;
            var after = (await table.GetEntityAsync<TableEntity>("p1", "r1")).Value.ETag;
            return $"{results.Count} results, statuses {string.Join(",", results.Select(r => r.Status))}, the state's new ETag {(results[0].Headers.ETag == after ? "returned" : "not returned")}";
        });
        for (var i = 0; i < 5; i++)
        {
            await table.AddEntityAsync(new TableEntity($"t{i}", "x") { ["State"] = i % 2 == 0 ? "active" : "closed", ["Seq"] = (long)i });
        }

        await probe("query effect range, select RowKey", async () => await KeysAsync(table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {"p1"} and RowKey ge {"e|"} and RowKey lt {"e}"}"), select: ["RowKey"])));
        await probe("query whole partition", async () => await KeysAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p1"}"))));
        await probe("query partitions le", async () => await KeysAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey le {"t2"}"))));
        await probe("query row and property", async () => await KeysAsync(table.QueryAsync<TableEntity>("RowKey eq 'x' and State eq 'active'")));
        await probe("query Int64 and or", async () => await KeysAsync(table.QueryAsync<TableEntity>("(Seq gt 2L or Seq eq 0L) and not (State eq 'closed')")));
        await probe("query pages of 2", async () =>
        {
            var sizes = new List<int>();
            string? token = null;
            do
            {
                await foreach (var page in table.QueryAsync<TableEntity>("RowKey eq 'x'", maxPerPage: 2).AsPages(token, 2))
                {
                    sizes.Add(page.Values.Count);
                    token = page.ContinuationToken;
                    break;
                }
            }
            while (token is not null);
            return string.Join("+", sizes);
        });
        await probe("query missing table", async () => await KeysAsync(clients.Tables.GetTableClient("nosuchtable").QueryAsync<TableEntity>("RowKey eq 'x'")));
    }

    private static async Task ProbeQueuesAsync(StorageClients clients, Func<string, Func<Task<object?>>, Task> probe)
    {
        var queue = clients.Queues.GetQueueClient("probe-queue");
        await probe("create queue", async () => (await queue.CreateIfNotExistsAsync()) is null ? "exists" : "created");
        await probe("create queue again", async () => (await queue.CreateIfNotExistsAsync()) is null ? "exists" : "created");
        await probe("put visible", async () => (await queue.SendMessageAsync("{\"i\":\"one\"}", TimeSpan.Zero, TimeSpan.FromSeconds(-1))).Value.MessageId is not null);
        await probe("put delayed 3 s", async () => (await queue.SendMessageAsync("{\"i\":\"two\"}", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(-1))).Value.MessageId is not null);
        var first = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
        await Show(probe, "receive", first.Select(m => $"{m.MessageText} x{m.DequeueCount}"));
        await probe("receive while invisible", async () => (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value.Length);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var second = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        await Show(probe, "receive after the visibility timeout", second.Select(m => $"{m.MessageText} x{m.DequeueCount}, new pop receipt {m.PopReceipt != first[0].PopReceipt}"));
        await probe("delete with the stale pop receipt", async () => (await queue.DeleteMessageAsync(first[0].MessageId, first[0].PopReceipt)).Status);
        var updated = (await queue.UpdateMessageAsync(second[0].MessageId, second[0].PopReceipt, visibilityTimeout: TimeSpan.Zero)).Value;
        await probe("update with the old pop receipt", async () => (await queue.UpdateMessageAsync(second[0].MessageId, second[0].PopReceipt, visibilityTimeout: TimeSpan.Zero)).GetRawResponse().Status);
        var third = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        await Show(probe, "receive after the update", third.Select(m => $"{m.MessageText} x{m.DequeueCount}, pop receipt from the update {m.PopReceipt == updated.PopReceipt}"));
        await probe("delete", async () => (await queue.DeleteMessageAsync(third[0].MessageId, third[0].PopReceipt)).Status);
        await probe("delete again", async () => (await queue.DeleteMessageAsync(third[0].MessageId, third[0].PopReceipt)).Status);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await probe("receive the delayed one", async () => string.Join(",", (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value.Select(m => m.MessageText)));
        await probe("receive from a missing queue", async () => (await clients.Queues.GetQueueClient("nosuchqueue").ReceiveMessagesAsync(1)).Value.Length);
    }

    private static Task Show(Func<string, Func<Task<object?>>, Task> probe, string what, IEnumerable<string> values) =>
        probe(what, () => Task.FromResult<object?>(string.Join("; ", values)));

    private static async Task ProbeBlobsAsync(StorageClients clients, Func<string, Func<Task<object?>>, Task> probe)
    {
        var container = clients.Blobs.GetBlobContainerClient("probe");
        await probe("create container", async () => (await container.CreateIfNotExistsAsync()) is null ? "exists" : "created");
        await probe("create container again", async () => (await container.CreateIfNotExistsAsync()) is null ? "exists" : "created");
        var blob = container.GetBlobClient("a/b c.json");
        var mustBeNew = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } };
        await probe("upload if absent", async () => (await blob.UploadAsync(BinaryData.FromString("{\"n\":1}"), mustBeNew)).GetRawResponse().Status);
        await probe("upload if absent again", async () => (await blob.UploadAsync(BinaryData.FromString("{\"n\":2}"), mustBeNew)).GetRawResponse().Status);
        await probe("upload, no overwrite", async () => (await blob.UploadAsync(BinaryData.FromString("{\"n\":3}"), overwrite: false)).GetRawResponse().Status);
        await probe("download", async () =>
        {
            var content = (await blob.DownloadContentAsync()).Value;
            return $"{content.Content} {content.Details.ContentType}";
        });
        await probe("download missing", async () => (await container.GetBlobClient("nope").DownloadContentAsync()).GetRawResponse().Status);
        await container.GetBlobClient("a/c").UploadAsync(BinaryData.FromString("x"));
        await container.GetBlobClient("a/d").UploadAsync(BinaryData.FromString("y"));
        await container.GetBlobClient("b/e").UploadAsync(BinaryData.FromString("z"));
        await probe("list prefix a/", async () =>
        {
            var names = new List<string>();
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "a/" }))
            {
                names.Add($"{item.Name} ({item.Properties.ContentLength})");
            }

            return string.Join(", ", names);
        });
        await probe("list pages of 2", async () =>
        {
            var sizes = new List<int>();
            await foreach (var page in container.GetBlobsAsync().AsPages(pageSizeHint: 2))
            {
                sizes.Add(page.Values.Count);
            }

            return string.Join("+", sizes);
        });
        await probe("delete if exists", async () => (await blob.DeleteIfExistsAsync()).Value);
        await probe("delete if exists again", async () => (await blob.DeleteIfExistsAsync()).Value);
        await probe("list missing container", async () => await clients.Blobs.GetBlobContainerClient("nosuchcontainer").GetBlobsAsync().CountAsync());
    }

    private static async Task<string> KeysAsync(AsyncPageable<TableEntity> query)
    {
        var keys = new List<string>();
        await foreach (var entity in query)
        {
            keys.Add(entity.PartitionKey is null ? entity.RowKey : $"{entity.PartitionKey}/{entity.RowKey}");
        }

        return string.Join(",", keys);
    }

    private static string Show(object? value) => value switch
    {
        byte[] bytes => $"byte[]{{{string.Join(' ', bytes)}}}",
        DateTimeOffset time => "DateTimeOffset " + time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        null => "null",
        _ => $"{value.GetType().Name} {value}",
    };
}
