using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cobranza.Domain;
using Cobranza.Messaging;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// The local channel: every message becomes one blob <c>{invoiceId}/{messageId}.json</c> in the outbox container, written
/// only if absent, so a retried send finds the first one and never produces a second message.
/// </summary>
public sealed class BlobOutboxChannel(BlobContainerClient container, TimeProvider time) : IMessageChannel
{
    public const string ContainerName = "outbox";

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient($"{message.InvoiceId}/{message.MessageId}.json");
        var record = new OutboxRecord(message, time.GetUtcNow());
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(record, CobranzaJson.Options),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                },
                cancellationToken);
            return new SendReceipt(record.SentAt, blob.Name);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Already sent by an earlier attempt: report that attempt's receipt.
            var existing = await blob.DownloadContentAsync(cancellationToken);
            var first = existing.Value.Content.ToObjectFromJson<OutboxRecord>(CobranzaJson.Options)!;
            return new SendReceipt(first.SentAt, blob.Name);
        }
    }

    /// <summary>The blob's content: the message and when it was put in the outbox.</summary>
    public sealed record OutboxRecord(OutboundMessage Message, DateTimeOffset SentAt);
}
