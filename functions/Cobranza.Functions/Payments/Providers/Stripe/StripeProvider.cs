using System.Text.Json;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.Payments.Providers.Stripe;

/// <summary>
/// <c>POST /api/payments/stripe</c>: verifies <c>Stripe-Signature</c> (<c>t=…,v1=…[,v1=…]</c>, HMAC-SHA256 of
/// <c>"{t}.{raw body}"</c> with an endpoint secret, 5 minutes' tolerance; 400 when missing, wrong or stale, as Stripe
/// expects) and reads the event with <see cref="StripeEventReader"/>. The delivery id is the event id.
/// </summary>
public sealed class StripeProvider(IConfiguration configuration, TimeProvider time, ILogger<StripeProvider> logger) : IPaymentProvider
{
    public const string SignatureHeader = "Stripe-Signature";

    private readonly StripeOptions _options = StripeOptions.Read(configuration);

    public string Name => "stripe";

    public Task<ProviderReading> ReadAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        if (_options.WebhookSecrets.Count == 0)
        {
            return Task.FromResult(ProviderReading.Refused(StatusCodes.Status400BadRequest,
                $"Stripe webhooks are not configured here: set {StripeOptions.Section}:WebhookSecrets to the endpoint's signing secret."));
        }

        var outcome = SignatureCheck.Verify(request.Headers[SignatureHeader].ToString(), body, _options.WebhookSecrets, time.GetUtcNow());
        if (outcome != SignatureCheck.Outcome.Valid)
        {
            logger.LogWarning("Refused a Stripe delivery: {Outcome}", outcome);
            return Task.FromResult(ProviderReading.Refused(StatusCodes.Status400BadRequest, $"{SignatureHeader}: {SignatureCheck.Describe(outcome).Replace(Http.WebhookSignature.HeaderName, SignatureHeader, StringComparison.Ordinal)}"));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var reading = StripeEventReader.Read(document.RootElement, _options.InvoiceMetadataKey);
            if (reading.Events.Count == 0)
            {
                logger.LogInformation("Stripe event {EventId} of type {Type} ignored", reading.DeliveryId, document.RootElement.GetProperty("type").GetString());
            }

            return Task.FromResult(reading);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Signed by Stripe but not an event we can read: say so (Stripe shows the answer in its dashboard).
            logger.LogWarning(e, "A signed Stripe delivery could not be read");
            return Task.FromResult(ProviderReading.Refused(StatusCodes.Status400BadRequest, "Not a Stripe event object with id, type, created and data.object."));
        }
    }
}
