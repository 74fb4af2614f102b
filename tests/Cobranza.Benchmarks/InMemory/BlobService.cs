using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// The Blob service, block blobs only: create container, upload in one request (with If-None-Match / If-Match),
/// download (whole or a range), properties, delete, list by prefix with markers.
/// </summary>
internal sealed class BlobService
{
    private const int MaxListResults = 5000;
    private readonly ConcurrentDictionary<string, StoredContainer> _containers = new(StringComparer.Ordinal);

    public StoredContainer? Container(string name) => _containers.GetValueOrDefault(name);

    public InMemoryResponse Handle(StorageRequest request)
    {
        var slash = request.Path.IndexOf('/', StringComparison.Ordinal);
        var containerName = Uri.UnescapeDataString(slash < 0 ? request.Path : request.Path[..slash]);
        var blobName = slash < 0 ? null : Uri.UnescapeDataString(request.Path[(slash + 1)..]);
        if (blobName is null && request.Query("restype") == "container" && request.Method == "PUT")
        {
            return CreateContainer(containerName);
        }

        if (!_containers.TryGetValue(containerName, out var container))
        {
            return StorageXml.Error(404, "ContainerNotFound", "The specified container does not exist.");
        }

        if (blobName is null)
        {
            return request.Method == "GET" && request.Query("comp") == "list" ? List(request, containerName, container) : Unsupported(request);
        }

        return request.Method switch
        {
            "PUT" when request.Query("comp") is null => Upload(request, container, blobName),
            "GET" or "HEAD" => Download(request, container, blobName),
            "DELETE" => container.Delete(blobName) ? new InMemoryResponse(202) : BlobNotFound(),
            _ => Unsupported(request),
        };
    }

    private InMemoryResponse CreateContainer(string name)
    {
        var container = new StoredContainer(new DateTimeOffset(StorageClock.Next()));
        return _containers.TryAdd(name, container)
            ? new InMemoryResponse(201).With("ETag", container.ETag).With("Last-Modified", StorageXml.Time(container.CreatedAt))
            : StorageXml.Error(409, "ContainerAlreadyExists", "The specified container already exists.");
    }

    private static InMemoryResponse Upload(StorageRequest request, StoredContainer container, string name)
    {
        if (request.Header("x-ms-blob-type") != "BlockBlob")
        {
            return Unsupported(request);
        }

        var (blob, status, code) = container.Put(name, request.Body, request.Header("x-ms-blob-content-type") ?? "application/octet-stream",
            request.Header("If-None-Match"), request.Header("If-Match"));
        return blob is null
            ? StorageXml.Error(status, code!, code == "BlobAlreadyExists" ? "The specified blob already exists." : "The condition specified using HTTP conditional header(s) is not met.")
            : new InMemoryResponse(201)
                .With("ETag", blob.ETag)
                .With("Last-Modified", StorageXml.Time(blob.LastModified))
                .With("Content-MD5", blob.ContentMd5)
                .With("x-ms-request-server-encrypted", "true");
    }

    private static InMemoryResponse Download(StorageRequest request, StoredContainer container, string name)
    {
        if (container.Get(name) is not { } blob)
        {
            return request.Method == "HEAD" ? new InMemoryResponse(404).With("x-ms-error-code", "BlobNotFound") : BlobNotFound();
        }

        var (content, range) = Range(request.Header("x-ms-range") ?? request.Header("Range"), blob.Content);
        var response = new InMemoryResponse(range is null ? 200 : 206, request.Method == "HEAD" ? [] : content)
            .With("Content-Length", content.Length.ToString(CultureInfo.InvariantCulture))
            .With("Content-Type", blob.ContentType)
            .With("Content-Range", range)
            .With("ETag", blob.ETag)
            .With("Last-Modified", StorageXml.Time(blob.LastModified))
            .With("x-ms-creation-time", StorageXml.Time(blob.CreatedAt))
            .With("x-ms-blob-type", "BlockBlob")
            .With("x-ms-lease-state", "available")
            .With("x-ms-lease-status", "unlocked")
            .With("x-ms-server-encrypted", "true")
            .With("Accept-Ranges", "bytes");
        return range is null ? response.With("Content-MD5", blob.ContentMd5) : response.With("x-ms-blob-content-md5", blob.ContentMd5);
    }

    /// <summary>The bytes a <c>bytes=start-end</c> header asks for and the Content-Range to answer with; the whole blob without one.</summary>
    private static (byte[] Content, string? ContentRange) Range(string? header, byte[] content)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.Ordinal))
        {
            return (content, null);
        }

        var bounds = header["bytes=".Length..].Split('-');
        var start = long.Parse(bounds[0], CultureInfo.InvariantCulture);
        var end = bounds.Length > 1 && bounds[1].Length > 0 ? Math.Min(long.Parse(bounds[1], CultureInfo.InvariantCulture), content.Length - 1) : content.Length - 1;
        var slice = start > end ? [] : content[(int)start..(int)(end + 1)];
        return (slice, $"bytes {start}-{end}/{content.Length}");
    }

    private static InMemoryResponse List(StorageRequest request, string containerName, StoredContainer container)
    {
        var prefix = request.Query("prefix") ?? string.Empty;
        var max = request.Query("maxresults") is { } m ? Math.Min(int.Parse(m, CultureInfo.InvariantCulture), MaxListResults) : MaxListResults;
        var (page, next) = container.List(prefix, request.Query("marker"), max);
        var xml = new StringBuilder(StorageXml.Declaration)
            .Append("<EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1\" ContainerName=\"").Append(StorageXml.Escape(containerName)).Append("\">")
            .Append("<Prefix>").Append(StorageXml.Escape(prefix)).Append("</Prefix><MaxResults>").Append(max).Append("</MaxResults><Blobs>");
        foreach (var blob in page)
        {
            xml.Append("<Blob><Name>").Append(StorageXml.Escape(blob.Name)).Append("</Name><Properties><Creation-Time>").Append(StorageXml.Time(blob.CreatedAt))
                .Append("</Creation-Time><Last-Modified>").Append(StorageXml.Time(blob.LastModified)).Append("</Last-Modified><Etag>").Append(blob.ETag.Trim('"'))
                .Append("</Etag><Content-Length>").Append(blob.Content.Length).Append("</Content-Length><Content-Type>").Append(StorageXml.Escape(blob.ContentType))
                .Append("</Content-Type><Content-MD5>").Append(blob.ContentMd5).Append("</Content-MD5><BlobType>BlockBlob</BlobType>")
                .Append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties></Blob>");
        }

        xml.Append("</Blobs><NextMarker>").Append(next is null ? string.Empty : StorageXml.Escape(next)).Append("</NextMarker></EnumerationResults>");
        return new InMemoryResponse(200, Encoding.UTF8.GetBytes(xml.ToString())).With("Content-Type", "application/xml");
    }

    private static InMemoryResponse BlobNotFound() => StorageXml.Error(404, "BlobNotFound", "The specified blob does not exist.");

    private static InMemoryResponse Unsupported(StorageRequest request) =>
        StorageXml.Error(501, "NotImplemented", $"The in-memory storage does not implement {request.Method} {request.Path}.");
}
