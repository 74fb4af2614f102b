using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Cobranza.Functions.Idempotency;

/// <summary>
/// Remembers requests by idempotency key in a table: one row per (staff key id, idempotency key), written as pending
/// when the request starts (an insert, so two concurrent requests with one key cannot both run) and replaced by the
/// response when it ends. Keys are scoped to the caller's key id, so two callers cannot collide or read each other's
/// responses. A key is remembered for <see cref="Retention"/>; a pending row older than <see cref="AbandonedAfter"/>
/// belongs to a request whose process died, and is taken over.
/// </summary>
public sealed class IdempotencyStore(TableClient table, TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>Compressed bodies are split over binary properties of at most 64 KiB; an entity holds at most 1 MiB.</summary>
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15;

    public enum BeginKind { Started, Replay, Mismatch, InProgress }

    public sealed record Begin(BeginKind Kind, ETag ETag = default, StoredResponse? Response = null);

    public TableClient Table => table;

    public static string Fingerprint(string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(method.ToUpperInvariant() + " " + pathAndQuery + "\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<Begin> BeginAsync(string scope, string idempotencyKey, string fingerprint, CancellationToken cancellationToken)
    {
        var rowKey = RowKey(idempotencyKey);
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var pending = new TableEntity(PartitionKey(scope), rowKey) { ["Fingerprint"] = fingerprint, ["Completed"] = false, ["StartedAt"] = now };
            try
            {
                var added = await table.AddEntityAsync(pending, cancellationToken);
                return new Begin(BeginKind.Started, added.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 5)
            {
                // Someone used the key before: decide from their row below.
            }

            var existing = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(scope), rowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue;
            }

            var row = existing.Value!;
            var startedAt = row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue;
            var completed = row.GetBoolean("Completed") == true;
            var expired = startedAt + Retention < now;
            var abandoned = !completed && startedAt + AbandonedAfter < now;
            if (expired || abandoned)
            {
                try
                {
                    var replaced = await table.UpdateEntityAsync(pending, row.ETag, TableUpdateMode.Replace, cancellationToken);
                    return new Begin(BeginKind.Started, replaced.Headers.ETag ?? ETag.All);
                }
                catch (RequestFailedException e) when (e.Status is 412 or 404)
                {
                    continue;
                }
            }

            if (row.GetString("Fingerprint") != fingerprint)
            {
                return new Begin(BeginKind.Mismatch);
            }

            return completed ? new Begin(BeginKind.Replay, Response: ToResponse(row)) : new Begin(BeginKind.InProgress);
        }
    }

    /// <summary>Keeps the response for replay; false when it is too large to keep (the key is then released).</summary>
    public async Task<bool> CompleteAsync(string scope, string idempotencyKey, string fingerprint, ETag etag, StoredResponse response, CancellationToken cancellationToken)
    {
        var chunks = Compress(response.Body).Chunk(ChunkBytes).ToList();
        if (chunks.Count > MaxChunks)
        {
            await ReleaseAsync(scope, idempotencyKey, etag, cancellationToken);
            return false;
        }

        var row = new TableEntity(PartitionKey(scope), RowKey(idempotencyKey))
        {
            ["Fingerprint"] = fingerprint,
            ["Completed"] = true,
            ["StartedAt"] = time.GetUtcNow(),
            ["Status"] = response.Status,
            ["ContentType"] = response.ContentType,
            ["Location"] = response.Location,
            ["Chunks"] = chunks.Count,
        };
        for (var i = 0; i < chunks.Count; i++)
        {
            row["Body" + i] = chunks[i];
        }

        await table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>Forgets a pending key (the request failed in a way a retry should run again).</summary>
    public async Task ReleaseAsync(string scope, string idempotencyKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionKey(scope), RowKey(idempotencyKey), etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already gone, or taken over by a later request after it looked abandoned: theirs now.
        }
    }

    private static StoredResponse ToResponse(TableEntity row)
    {
        var chunks = row.GetInt32("Chunks") ?? 0;
        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            compressed.Write(row.GetBinary("Body" + i));
        }

        return new StoredResponse(row.GetInt32("Status") ?? 200, row.GetString("ContentType"), row.GetString("Location"), Decompress(compressed.ToArray()));
    }

    /// <summary>Key ids come from configuration names, which may hold characters a partition key may not ('/', '#').</summary>
    private static string PartitionKey(string scope) => Uri.EscapeDataString(scope);

    /// <summary>Row keys cannot hold every character a client may put in a header: the key's hash stands for it.</summary>
    private static string RowKey(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    private static byte[] Compress(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
