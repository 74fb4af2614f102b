using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// The Table service: create table, insert, upsert/update (replace or merge, If-Match), delete, point read, query
/// (<c>$filter</c>, <c>$select</c>, <c>$top</c>, continuation) and entity-group transactions, with the service's errors.
/// </summary>
internal sealed class TableService
{
    private const string AccountPrefix = "/devstoreaccount1/";
    private readonly ConcurrentDictionary<string, StoredTable> _tables = new(StringComparer.OrdinalIgnoreCase);

    public StoredTable? Table(string name) => _tables.GetValueOrDefault(name);

    public InMemoryResponse Handle(StorageRequest request)
    {
        try
        {
            if (request.Path == "Tables")
            {
                return request.Method == "POST" ? CreateTable(request) : Unsupported(request);
            }

            if (request.Path == "$batch")
            {
                return request.Method == "POST" ? Transaction(request) : Unsupported(request);
            }

            var address = TableAddress.Parse(request.Path);
            if (!_tables.TryGetValue(address.Table, out var table))
            {
                return Error(TableError.TableNotFound);
            }

            return (request.Method, address.IsEntity) switch
            {
                ("GET", true) => PointRead(request, address, table),
                ("GET", false) => Query(request, address, table),
                ("POST", false) or ("PUT", true) or ("MERGE", true) or ("PATCH", true) or ("DELETE", true) =>
                    Write(request.Method, address, request.Header("If-Match"), request.Header("Prefer"), request.Body, table),
                _ => Unsupported(request),
            };
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Error(TableError.InvalidInput(e.Message));
        }
    }

    private InMemoryResponse CreateTable(StorageRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var name = body.RootElement.GetProperty("TableName").GetString()!;
        if (!_tables.TryAdd(name, new StoredTable()))
        {
            return Error(TableError.TableExists);
        }

        return ReturnsContent(request.Header("Prefer"))
            ? new InMemoryResponse(201, Encoding.UTF8.GetBytes($"{{\"odata.metadata\":\"{Metadata("Tables")}/@Element\",\"TableName\":\"{name}\"}}")).With("Content-Type", TableJson.ContentType)
            : new InMemoryResponse(204).With("Preference-Applied", "return-no-content").With("Content-Type", TableJson.ContentType);
    }

    private static InMemoryResponse PointRead(StorageRequest request, TableAddress address, StoredTable table)
    {
        var entity = table.Get(address.PartitionKey!, address.RowKey!);
        return entity is null
            ? Error(TableError.EntityNotFound)
            : new InMemoryResponse(200, TableJson.Entity(Metadata(address.Table) + "/@Element", entity, Select(request)))
                .With("ETag", entity.ETag).With("Content-Type", TableJson.ContentType);
    }

    private static InMemoryResponse Query(StorageRequest request, TableAddress address, StoredTable table)
    {
        var filter = request.Query("$filter") is { Length: > 0 } text ? ODataFilter.Parse(text) : null;
        var top = request.Query("$top") is { } t ? Math.Min(int.Parse(t, System.Globalization.CultureInfo.InvariantCulture), StoredTable.MaxPageSize) : StoredTable.MaxPageSize;
        var from = request.Query("NextPartitionKey") is { } nextPartition
            ? new StoredTable.Position(Decode(nextPartition), Decode(request.Query("NextRowKey") ?? string.Empty))
            : null;
        var (page, next) = table.Query(filter, top, from);
        var response = new InMemoryResponse(200, TableJson.Page(Metadata(address.Table), page, Select(request))).With("Content-Type", TableJson.ContentType);
        if (next is not null)
        {
            response.With("x-ms-continuation-NextPartitionKey", Encode(next.PartitionKey)).With("x-ms-continuation-NextRowKey", Encode(next.RowKey));
        }

        return response;
    }

    /// <summary>One write outside a transaction, answered as the service does (201 with the entity, or 204).</summary>
    private static InMemoryResponse Write(string method, TableAddress address, string? ifMatch, string? prefer, byte[] body, StoredTable table)
    {
        var write = ToWrite(method, address, ifMatch, body);
        var (entities, _, error) = table.Apply([write]);
        if (error is not null)
        {
            return Error(error);
        }

        var written = entities![0];
        if (write.Kind == TableWriteKind.Delete)
        {
            return new InMemoryResponse(204);
        }

        if (write.Kind == TableWriteKind.Insert && ReturnsContent(prefer))
        {
            return new InMemoryResponse(201, TableJson.Entity(Metadata(address.Table) + "/@Element", written!, null))
                .With("ETag", written!.ETag).With("Content-Type", TableJson.ContentType);
        }

        var response = new InMemoryResponse(204).With("ETag", written!.ETag);
        return write.Kind == TableWriteKind.Insert ? response.With("Preference-Applied", "return-no-content") : response;
    }

    private InMemoryResponse Transaction(StorageRequest request)
    {
        var operations = TableBatch.Parse(request.Body, AccountPrefix);
        if (operations.Count is 0 or > 100)
        {
            return Error(TableError.InvalidInput("A transaction holds 1 to 100 operations."));
        }

        var addresses = operations.Select(o => ToAddress(o)).ToList();
        if (!_tables.TryGetValue(addresses[0].Table, out var table))
        {
            return BatchResponse(TableBatch.Refused(0, TableError.TableNotFound));
        }

        var writes = operations.Select((o, i) => ToWrite(o.Method, addresses[i], o.Header("If-Match"), o.Body)).ToList();
        if (writes.Any(w => w.PartitionKey != writes[0].PartitionKey) || addresses.Any(a => !string.Equals(a.Table, addresses[0].Table, StringComparison.OrdinalIgnoreCase)))
        {
            return BatchResponse(TableBatch.Refused(0, TableError.InvalidInput("All operations of a transaction must be in the same table and partition.")));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < writes.Count; i++)
        {
            if (!seen.Add(writes[i].RowKey))
            {
                return BatchResponse(TableBatch.Refused(i, TableError.DuplicateRow(writes[i].RowKey)));
            }
        }

        var (written, failed, error) = table.Apply(writes);
        if (error is not null)
        {
            return BatchResponse(TableBatch.Refused(failed, error));
        }

        var results = writes.Select((w, i) =>
        {
            var entity = written![i];
            var location = entity is null ? null : $"http://127.0.0.1{AccountPrefix}{addresses[i].Table}(PartitionKey='{Uri.EscapeDataString(entity.PartitionKey)}',RowKey='{Uri.EscapeDataString(entity.RowKey)}')";
            return w.Kind == TableWriteKind.Insert && ReturnsContent(operations[i].Header("Prefer"))
                ? new BatchResult(201, entity!.ETag, location, TableJson.Entity(Metadata(addresses[i].Table) + "/@Element", entity, null))
                : new BatchResult(204, entity?.ETag, location, null);
        }).ToList();
        return BatchResponse(TableBatch.Committed(results));
    }

    private static TableAddress ToAddress(BatchOperation operation)
    {
        var address = TableAddress.Parse(operation.Path);
        if (operation.Method == "POST" && address.IsEntity)
        {
            throw new FormatException("An insert names no keys in its URL.");
        }

        return address;
    }

    private static TableWrite ToWrite(string method, TableAddress address, string? ifMatch, byte[] body)
    {
        if (method == "DELETE")
        {
            return new TableWrite(TableWriteKind.Delete, address.PartitionKey!, address.RowKey!, [], false, ifMatch ?? throw new FormatException("A delete needs If-Match."));
        }

        var (partitionKey, rowKey, properties) = StoredEntity.Parse(body);
        partitionKey = address.PartitionKey ?? partitionKey ?? throw new FormatException("No PartitionKey.");
        rowKey = address.RowKey ?? rowKey ?? throw new FormatException("No RowKey.");
        var kind = method == "POST" ? TableWriteKind.Insert : ifMatch is null ? TableWriteKind.Upsert : TableWriteKind.Update;
        return new TableWrite(kind, partitionKey, rowKey, properties, Merge: method is "MERGE" or "PATCH", ifMatch);
    }

    private static IReadOnlySet<string>? Select(StorageRequest request) =>
        request.Query("$select") is { Length: > 0 } select ? select.Split(',').Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal) : null;

    private static bool ReturnsContent(string? prefer) => !string.Equals(prefer, "return-no-content", StringComparison.OrdinalIgnoreCase);

    private static string Metadata(string table) => $"http://127.0.0.1{AccountPrefix}$metadata#{table}";

    // Continuation keys travel in headers and the query string: Base64 keeps any key character intact.
    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string Decode(string token) => Encoding.UTF8.GetString(Convert.FromBase64String(token));

    private static InMemoryResponse BatchResponse((byte[] Body, string ContentType) batch) =>
        new InMemoryResponse(202, batch.Body).With("Content-Type", batch.ContentType);

    private static InMemoryResponse Error(TableError error) =>
        new InMemoryResponse(error.Status, TableJson.Error(error)).With("x-ms-error-code", error.Code).With("Content-Type", TableJson.ContentType);

    private static InMemoryResponse Unsupported(StorageRequest request) =>
        Error(new TableError(501, "NotImplemented", $"The in-memory storage does not implement {request.Method} {request.Path}."));
}
