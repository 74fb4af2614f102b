using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Overrides as blobs <c>templates/{id}/{language}/{channel}.liquid</c> (UTF-8 text) in a Blob container, created on first
/// write. Blobs under the prefix with any other name are skipped with a warning, never guessed at.
/// </summary>
public sealed partial class BlobTemplateStore(BlobContainerClient container, ILogger<BlobTemplateStore> logger) : ITemplateStore
{
    /// <summary>The folder of the container the overrides live in.</summary>
    public const string Prefix = "templates/";

    /// <summary>The container name the registration helper uses when none is given.</summary>
    public const string DefaultContainerName = "cobranza-config";

    /// <summary>The blob name of <paramref name="key"/>.</summary>
    public static string BlobNameOf(TemplateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"{Prefix}{key.TemplateId}/{key.Language}/{key.ChannelName}.liquid";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<StoredTemplate>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }, cancellationToken))
            {
                if (!TryParseBlobName(item.Name, out var key))
                {
                    LogUnexpectedBlob(item.Name);
                    continue;
                }

                var stored = await GetAsync(key, cancellationToken);
                if (stored is not null)
                {
                    result.Add(stored);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing was ever saved.
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<StoredTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(BlobNameOf(key)).DownloadContentAsync(cancellationToken);
            return new StoredTemplate(key, content.Value.Content.ToString(), content.Value.Details.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(TemplateKey key, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(BlobNameOf(key)).UploadAsync(
            new BinaryData(Encoding.UTF8.GetBytes(text)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" } },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(TemplateKey key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.GetBlobClient(BlobNameOf(key)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return response.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static bool TryParseBlobName(string name, out TemplateKey key)
    {
        key = null!;
        var parts = name[Prefix.Length..].Split('/');
        const string extension = ".liquid";
        if (parts.Length != 3 || !parts[2].EndsWith(extension, StringComparison.Ordinal)
            || !TemplateKey.TryParseChannel(parts[2][..^extension.Length], out var channel)
            || !TemplateKey.TryCreate(parts[0], parts[1], channel, out var parsed, out _)
            || parsed.Language != parts[1])
        {
            return false;
        }

        key = parsed;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping blob {BlobName}: its name is not templates/<id>/<language>/<channel>.liquid")]
    private partial void LogUnexpectedBlob(string blobName);
}
