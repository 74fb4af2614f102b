using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Functions.Http;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Handoff;

/// <summary>
/// Tells legal or the agency that a case file is ready: a signed POST carrying an <c>Idempotency-Key</c> that is the same
/// on every retry, so the destination can ignore a repeat. Any non-2xx answer throws and the effect is retried.
/// </summary>
public sealed class HandoffNotifier(HttpClient http, IOptions<HandoffOptions> options, TimeProvider time, ILogger<HandoffNotifier> logger)
{
    /// <summary>Returns false when no webhook is configured for the destination.</summary>
    public async Task<bool> NotifyAsync(string invoiceId, HandoffTarget to, CaseFile file, CancellationToken cancellationToken)
    {
        var destination = to == HandoffTarget.Legal ? options.Value.Legal : options.Value.Agency;
        if (destination.WebhookUrl is null)
        {
            logger.LogWarning("No webhook configured for {Destination}; the case file of {InvoiceId} was written but nobody was notified", Wire.Name(to), invoiceId);
            return false;
        }

        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new HandoffNotice(invoiceId, Wire.Name(to), file.Location, file.Blobs, now), CobranzaJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, destination.WebhookUrl)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add("Idempotency-Key", $"{invoiceId}:handoff:{Wire.Name(to)}");
        if (!string.IsNullOrEmpty(destination.Secret))
        {
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(destination.Secret, now, body));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The {Wire.Name(to)} webhook answered {(int)response.StatusCode} for the handoff of {invoiceId}.", null, response.StatusCode);
        }

        return true;
    }

    /// <summary>The notice's body.</summary>
    public sealed record HandoffNotice(string InvoiceId, string To, string Location, IReadOnlyList<string> Files, DateTimeOffset HandedOffAt);
}
