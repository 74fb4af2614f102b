namespace Cobranza.Benchmarks.InMemory;

/// <summary>A block blob as stored: its bytes and the properties the service keeps. Immutable; a write replaces it.</summary>
internal sealed record StoredBlob(string Name, byte[] Content, string ContentType, DateTimeOffset CreatedAt, DateTimeOffset LastModified, string ContentMd5)
{
    /// <summary>As the service writes it in a header: <c>"0x8DC…"</c>.</summary>
    public string ETag { get; } = $"\"0x{LastModified.UtcTicks:X}\"";
}

/// <summary>One container: blobs by name in ordinal order (as listings return them), behind one lock.</summary>
internal sealed class StoredContainer(DateTimeOffset createdAt)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredBlob> _blobs = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string ETag { get; } = $"\"0x{createdAt.UtcTicks:X}\"";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _blobs.Count;
            }
        }
    }

    public StoredBlob? Get(string name)
    {
        lock (_gate)
        {
            return _blobs.GetValueOrDefault(name);
        }
    }

    /// <summary>
    /// Writes the blob unless a condition fails: <c>If-None-Match: *</c> and it exists (409 BlobAlreadyExists, as the
    /// service answers an upload that must not overwrite), or <c>If-Match</c> another ETag (412).
    /// </summary>
    public (StoredBlob? Blob, int Status, string? Code) Put(string name, byte[] content, string contentType, string? ifNoneMatch, string? ifMatch)
    {
        var md5 = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(content));
        lock (_gate)
        {
            var existing = _blobs.GetValueOrDefault(name);
            if (ifNoneMatch == "*" && existing is not null)
            {
                return (null, 409, "BlobAlreadyExists");
            }

            if (ifMatch is not null && (existing is null || (ifMatch != "*" && ifMatch != existing.ETag)))
            {
                return (null, 412, "ConditionNotMet");
            }

            var now = new DateTimeOffset(StorageClock.Next());
            var blob = new StoredBlob(name, content, contentType, existing?.CreatedAt ?? now, now, md5);
            _blobs[name] = blob;
            return (blob, 201, null);
        }
    }

    public bool Delete(string name)
    {
        lock (_gate)
        {
            return _blobs.Remove(name);
        }
    }

    /// <summary>Blobs whose name starts with <paramref name="prefix"/>, from <paramref name="marker"/> on; the name to go on from, if more.</summary>
    public (List<StoredBlob> Page, string? NextMarker) List(string prefix, string? marker, int maxResults)
    {
        var page = new List<StoredBlob>();
        lock (_gate)
        {
            foreach (var (name, blob) in _blobs)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || (marker is not null && string.CompareOrdinal(name, marker) < 0))
                {
                    continue;
                }

                if (page.Count == maxResults)
                {
                    return (page, name);
                }

                page.Add(blob);
            }
        }

        return (page, null);
    }
}
