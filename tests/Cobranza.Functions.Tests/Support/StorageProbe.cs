using System.Text.Json;
using Azure.Storage.Blobs;

namespace Cobranza.Functions.Tests.Support;

/// <summary>Reads what the app wrote to Blob storage: the outbox (one blob per message) and the handoff files.</summary>
public sealed class StorageProbe(string connectionString)
{
    private readonly BlobServiceClient _blobs = new(connectionString);

    private BlobContainerClient Outbox => _blobs.GetBlobContainerClient("outbox");

    private BlobContainerClient Handoffs => _blobs.GetBlobContainerClient("handoffs");

    /// <summary>The names of the case's outbox blobs without the folder (<c>1-email.json</c>), sorted.</summary>
    public Task<List<string>> OutboxNamesAsync(string invoiceId) => NamesAsync(Outbox, invoiceId);

    /// <summary>The case's outbox messages, by blob name.</summary>
    public async Task<Dictionary<string, OutboxBlob>> OutboxAsync(string invoiceId)
    {
        var result = new Dictionary<string, OutboxBlob>(StringComparer.Ordinal);
        foreach (var name in await OutboxNamesAsync(invoiceId))
        {
            var content = await Outbox.GetBlobClient($"{invoiceId}/{name}").DownloadContentAsync();
            result[name] = JsonSerializer.Deserialize<OutboxBlob>(content.Value.Content.ToString(), CobranzaApi.Json)!;
        }

        return result;
    }

    public Task<List<string>> HandoffNamesAsync(string invoiceId) => NamesAsync(Handoffs, invoiceId);

    public async Task<string> HandoffFileAsync(string invoiceId, string name) =>
        (await Handoffs.GetBlobClient($"{invoiceId}/{name}").DownloadContentAsync()).Value.Content.ToString();

    private static async Task<List<string>> NamesAsync(BlobContainerClient container, string invoiceId)
    {
        var prefix = invoiceId + "/";
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name[prefix.Length..]);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}

public sealed record OutboxBlob(OutboxMessage Message, DateTimeOffset SentAt);

public sealed record OutboxMessage(string IdempotencyKey, string InvoiceId, string MessageId, string Channel, string To, string Language, string Subject, string Body);
