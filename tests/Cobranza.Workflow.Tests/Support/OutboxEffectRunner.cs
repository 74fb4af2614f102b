using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cobranza.Domain;

namespace Cobranza.Workflow.Tests.Support;

/// <summary>
/// The effects of a case as a channel would carry them, in a Blob container: one blob per message
/// (<c>{invoiceId}/{messageId}.json</c>) and one per handoff, each written only if absent, so a retried activity never
/// makes a second one. The blobs' creation times say when each message left.
/// </summary>
public sealed class OutboxEffectRunner(BlobContainerClient outbox, TimeProvider time) : ICaseEffectRunner
{
    public async Task<CaseCommand?> RunAsync(string invoiceId, CaseEffect effect, DunningCase @case, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (effect)
        {
            case SendMessage send when !CaseDecider.IsMessageWanted(@case, send.MessageId):
                return new SkipMessage(send.MessageId, $"case {Wire.Name(@case.State)}");
            case SendMessage send:
                await WriteOnceAsync($"{invoiceId}/{send.MessageId}.json", new { send.Step, send.Channel, send.To, sentAt = now }, cancellationToken);
                return new ConfirmMessage(send.MessageId, $"Paso {send.Step}", $"Factura {invoiceId}", now);
            case HandOver handOver:
                var location = $"handoffs/{invoiceId}/case.json";
                await WriteOnceAsync(location, @case, cancellationToken);
                return new ConfirmHandoff(handOver.To, location, Notified: false, now);
            default:
                throw new InvalidOperationException($"No runner for {effect.GetType().Name}.");
        }
    }

    private async Task WriteOnceAsync(string name, object content, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(content, CobranzaJson.Options)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409 || e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Written by an earlier attempt of the same effect: that was the one message.
        }
    }
}
