using System.Text.Json;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks;

/// <summary>
/// What the app's outbox channel wrote: one blob <c>{invoiceId}/{messageId}.json</c> per message, holding the message
/// and <c>sentAt</c>. Read with a client of its own (never through a counted pipeline).
/// </summary>
public sealed class OutboxContents(string connectionString)
{
    private readonly BlobContainerClient _outbox = new BlobServiceClient(connectionString).GetBlobContainerClient("outbox");

    public async Task<int> CountAsync()
    {
        var count = 0;
        if (!await _outbox.ExistsAsync())
        {
            return 0;
        }

        await foreach (var page in _outbox.GetBlobsAsync().AsPages(pageSizeHint: 5000))
        {
            count += page.Values.Count;
        }

        return count;
    }

    /// <summary>One invoice's message blob names without the folder (<c>2-email.json</c>), listed now.</summary>
    public async Task<List<string>> ForInvoiceAsync(string invoiceId)
    {
        var names = new List<string>();
        await foreach (var blob in _outbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, invoiceId + "/", CancellationToken.None))
        {
            names.Add(blob.Name[(invoiceId.Length + 1)..]);
        }

        return names;
    }

    /// <summary>Every message's blob name without the folder (<c>2-email.json</c>) and creation time (whole seconds on Azurite), by invoice.</summary>
    public async Task<Dictionary<string, List<(string Name, DateTimeOffset CreatedOn)>>> ByInvoiceAsync()
    {
        var byInvoice = new Dictionary<string, List<(string, DateTimeOffset)>>(StringComparer.Ordinal);
        await foreach (var blob in _outbox.GetBlobsAsync())
        {
            var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
            var invoice = blob.Name[..slash];
            if (!byInvoice.TryGetValue(invoice, out var names))
            {
                byInvoice[invoice] = names = [];
            }

            names.Add((blob.Name[(slash + 1)..], blob.Properties.CreatedOn ?? DateTimeOffset.MaxValue));
        }

        return byInvoice;
    }

    /// <summary>When the channel put the message in the outbox (the blob's <c>sentAt</c>, the app's clock).</summary>
    public async Task<DateTimeOffset> SentAtAsync(string invoiceId, string name)
    {
        var content = (await _outbox.GetBlobClient($"{invoiceId}/{name}").DownloadContentAsync()).Value.Content;
        using var json = JsonDocument.Parse(content.ToMemory());
        return json.RootElement.GetProperty("sentAt").GetDateTimeOffset();
    }
}
