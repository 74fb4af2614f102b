using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cobranza.Benchmarks;

/// <summary>
/// Issues a <see cref="StorageMix"/> directly with the Azure SDK against the same Azurite as the app: one "set" is
/// what one unit of the mix (one case opened) costs, its requests one after the other, in the order the app issues
/// them. This is the raw ceiling's workload: the same requests with no app around them.
/// <list type="bullet">
/// <item>Each request is the recorded example again, with the set's own id (<see cref="SetId"/>, as long as the
/// case's) wherever the example had its case's invoice id: the same tables, the same entities (properties, types,
/// sizes), the same key shapes. Key shapes matter on Azurite: it finds an entity through an index on RowKey first, so a
/// row key that every case shares (the state row's) costs more than a unique one.</item>
/// <item>Queue messages and blobs go to queues and containers of their own (<see cref="NamePrefix"/> + the app's
/// name), so that the app's listeners never receive them.</item>
/// </list>
/// A kind of request that comes 0.25 times per case comes in every fourth set (spread evenly, so any number of sets
/// issues the mix's exact proportions).
/// </summary>
public sealed class RawStorageReplay
{
    public const string NamePrefix = "raw-";

    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly IReadOnlyList<StorageMixEntry> _entries;
    private readonly int _idLength;
    private long _nextSet;

    private RawStorageReplay(string connectionString, StorageMix mix)
    {
        Log = StorageRequestLog.For(connectionString);
        void Configure(ClientOptions options) => options.AddPolicy(Log, HttpPipelinePosition.PerRetry);
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }; // as the app's
        var blobOptions = new BlobClientOptions();
        Configure(tableOptions);
        Configure(queueOptions);
        Configure(blobOptions);
        _tables = new TableServiceClient(connectionString, tableOptions);
        _queues = new QueueServiceClient(connectionString, queueOptions);
        _blobs = new BlobServiceClient(connectionString, blobOptions);
        _entries = mix.Entries;
        _idLength = mix.Entries.Select(e => e.ExampleUnitId?.Length ?? 0).DefaultIfEmpty(0).Max();
    }

    /// <summary>Records the replay's own requests while started (to check it against the mix it replays).</summary>
    public StorageRequestLog Log { get; }

    /// <summary>Sets up the replay's own queues and containers.</summary>
    public static async Task<RawStorageReplay> CreateAsync(string connectionString, StorageMix mix)
    {
        var replay = new RawStorageReplay(connectionString, mix);
        foreach (var entry in mix.Entries.Where(e => e.Service is "queue" or "blob"))
        {
            foreach (var resource in entry.Resources)
            {
                await (entry.Service == "queue"
                    ? replay._queues.GetQueueClient(NamePrefix + resource).CreateIfNotExistsAsync()
                    : (Task)replay._blobs.GetBlobContainerClient(NamePrefix + resource).CreateIfNotExistsAsync());
            }
        }

        return replay;
    }

    /// <summary>Runs sets with <paramref name="inFlight"/> at a time until <paramref name="maxSets"/> are done or the budget is spent (but at least two rounds of them).</summary>
    public async Task<(int Sets, TimeSpan Elapsed)> RunAsync(int inFlight, int maxSets, TimeSpan budget)
    {
        var started = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        async Task WorkAsync()
        {
            while (true)
            {
                var n = Interlocked.Increment(ref started);
                if (n > maxSets || (n > 2 * inFlight && clock.Elapsed >= budget))
                {
                    return;
                }

                await RunSetAsync();
                Interlocked.Increment(ref done);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(WorkAsync)));
        return (done, clock.Elapsed);
    }

    /// <summary>The id a set uses where the app's requests had the case's invoice id: "R" and the set's number, as long as the case's id.</summary>
    private string SetId(long set) => "R" + set.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(1, _idLength - 1), '0');

    private async Task RunSetAsync()
    {
        var set = Interlocked.Increment(ref _nextSet) - 1;
        var id = SetId(set);
        for (var e = 0; e < _entries.Count; e++)
        {
            var entry = _entries[e];
            var phase = (double)e / _entries.Count;
            var count = (long)Math.Floor(((set + 1) * entry.PerUnit) + phase) - (long)Math.Floor((set * entry.PerUnit) + phase);
            for (var i = 0; i < count; i++)
            {
                await IssueAsync(entry, set, id);
            }
        }
    }

    private async Task IssueAsync(StorageMixEntry entry, long set, string id)
    {
        var example = entry.Example;
        string Own(string? text) => text is null ? "" : entry.ExampleUnitId is { } unitId ? text.Replace(unitId, id, StringComparison.Ordinal) : text;
        switch (example.Service, example.Operation)
        {
            case ("table", "point read"):
                _ = await _tables.GetTableClient(example.Resource).GetEntityIfExistsAsync<TableEntity>(Own(example.PartitionKey), Own(example.RowKey));
                break;
            case ("table", "query"):
                await QueryFirstPageAsync(_tables.GetTableClient(example.Resource), example.Query ?? "", Own);
                break;
            case ("table", "insert"):
                await _tables.GetTableClient(example.Resource).AddEntityAsync(EntityOf(Encoding.UTF8.GetString(example.Body), Own));
                break;
            case ("table", "upsert/replace" or "merge"):
                var upserted = EntityOf(Encoding.UTF8.GetString(example.Body), Own);
                (upserted.PartitionKey, upserted.RowKey) = (Own(example.PartitionKey), Own(example.RowKey));
                await _tables.GetTableClient(example.Resource).UpsertEntityAsync(upserted, example.Operation == "merge" ? TableUpdateMode.Merge : TableUpdateMode.Replace);
                break;
            case ("table", "delete"):
                await _tables.GetTableClient(example.Resource).DeleteEntityAsync(Own(example.PartitionKey), Own(example.RowKey), ETag.All);
                break;
            case ("table", "batch"):
                var (_, requests) = TableRequestParts.ParseBatch(example.Body);
                await _tables.GetTableClient(example.Resource).SubmitTransactionAsync(requests.Select(r => ActionOf(r, Own)));
                break;
            case ("queue", "put"):
                var queue = _queues.GetQueueClient(NamePrefix + entry.Resources[(int)(set % entry.Resources.Count)]);
                var visibility = StorageMix.QueryValue(example.Query, "visibilitytimeout");
                var ttl = StorageMix.QueryValue(example.Query, "messagettl");
                await queue.SendMessageAsync(
                    Own(StorageMix.QueueMessageText(example)),
                    visibility.Length > 0 ? TimeSpan.FromSeconds(int.Parse(visibility, CultureInfo.InvariantCulture)) : null,
                    ttl.Length > 0 ? TimeSpan.FromSeconds(int.Parse(ttl, CultureInfo.InvariantCulture)) : null);
                break;
            case ("blob", "blob put"):
                var blob = _blobs.GetBlobContainerClient(NamePrefix + example.Resource).GetBlobClient($"{id}-{example.Sequence}");
                await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(Own(Encoding.UTF8.GetString(example.Body)))), overwrite: true);
                break;
            default:
                throw new NotSupportedException($"The raw replay cannot issue '{entry.Key}' yet; add it to {nameof(RawStorageReplay)}.");
        }
    }

    private static TableTransactionAction ActionOf(TableSubRequest request, Func<string?, string> own)
    {
        var entity = request.Json is null ? new TableEntity() : EntityOf(request.Json, own);
        if (request.PartitionKey is not null)
        {
            (entity.PartitionKey, entity.RowKey) = (own(request.PartitionKey), own(request.RowKey));
        }

        return request.Verb switch
        {
            // An insert becomes an upsert: rows whose keys hold no case id (a dashboard counter shard's) are shared by
            // every set, and a second insert of them would fail the batch. Same request, same size, same one transaction.
            "POST" => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            "MERGE" or "PATCH" => new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity),
            "DELETE" => new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All),
            _ => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity), // a state write guarded by its ETag: here the set's own row
        };
    }

    private static async Task QueryFirstPageAsync(TableClient table, string query, Func<string?, string> own)
    {
        var top = StorageMix.QueryValue(query, "$top");
        var select = StorageMix.QueryValue(query, "$select");
        var pages = table.QueryAsync<TableEntity>(
            own(StorageMix.QueryValue(query, "$filter")),
            maxPerPage: top.Length > 0 ? int.Parse(top, CultureInfo.InvariantCulture) : null,
            select: select.Length > 0 ? select.Split(',') : null).AsPages();
        await foreach (var _ in pages)
        {
            return; // One page is one request, as each recorded one was.
        }
    }

    /// <summary>An entity from the JSON the SDK sent for it, typed by its "@odata.type" annotations, the set's id in its strings.</summary>
    private static TableEntity EntityOf(string json, Func<string?, string> own)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var entity = new TableEntity();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Contains('@', StringComparison.Ordinal) || property.Name.StartsWith("odata.", StringComparison.Ordinal) || property.Name == "Timestamp")
            {
                continue;
            }

            var value = property.Value;
            var type = root.TryGetProperty(property.Name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            entity[property.Name] = (type, value.ValueKind) switch
            {
                ("Edm.DateTime", _) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                ("Edm.Int64", _) => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                ("Edm.Guid", _) => Guid.Parse(value.GetString()!),
                ("Edm.Binary", _) => Convert.FromBase64String(value.GetString()!),
                ("Edm.Double", JsonValueKind.String) => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                (_, JsonValueKind.String) => own(value.GetString()),
                (_, JsonValueKind.Number) => value.TryGetInt32(out var number) ? number : value.GetDouble(),
                (_, JsonValueKind.True) => true,
                (_, JsonValueKind.False) => false,
                _ => null,
            };
        }

        return entity;
    }
}
