using System.Globalization;
using System.Text.Json;

namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// <c>POST /api/payments/mercadopago</c>: Mercado Pago's webhook notification names a payment
/// (<c>?data.id=…&amp;type=payment</c>) and is signed with <c>x-signature</c> (<see cref="MercadoPagoSignature"/>; 401 when
/// missing, wrong or stale). The payment itself is read from Mercado Pago's API (<see cref="MercadoPagoApi"/>), never
/// from the body, and read with <see cref="MercadoPagoPaymentReader"/>. Notifications of other types (merchant orders,
/// subscriptions…) are ignored with 200 so that Mercado Pago does not retry them.
/// </summary>
public sealed class MercadoPagoProvider(IConfiguration configuration, TimeProvider time, ILogger<MercadoPagoProvider> logger) : IPaymentProvider
{
    private readonly MercadoPagoOptions _options = MercadoPagoOptions.Read(configuration);

    public string Name => "mercadopago";

    public async Task<ProviderReading> ReadAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        if (_options.WebhookSecret is null)
        {
            return ProviderReading.Refused(StatusCodes.Status400BadRequest,
                $"Mercado Pago webhooks are not configured here: set {MercadoPagoOptions.Section}:WebhookSecret to the application's webhook secret.");
        }

        // Signed as it arrives in the query string; older notifications name the resource "id" rather than "data.id".
        var dataId = NonBlank(request.Query["data.id"]) ?? NonBlank(request.Query["id"]);
        var outcome = MercadoPagoSignature.Verify(
            request.Headers[MercadoPagoSignature.HeaderName].ToString(), dataId, NonBlank(request.Headers[MercadoPagoSignature.RequestIdHeaderName]), _options.WebhookSecret, time.GetUtcNow());
        if (outcome != MercadoPagoSignature.Outcome.Valid)
        {
            logger.LogWarning("Refused a Mercado Pago notification for {DataId}: {Outcome}", dataId, outcome);
            return ProviderReading.Refused(StatusCodes.Status401Unauthorized, MercadoPagoSignature.Describe(outcome));
        }

        if (dataId is null)
        {
            return ProviderReading.Refused(StatusCodes.Status400BadRequest, "The notification names no resource: data.id is required in the query string.");
        }

        var type = NonBlank(request.Query["type"]) ?? NonBlank(request.Query["topic"]) ?? TypeInBody(body);
        if (type != "payment")
        {
            logger.LogInformation("Mercado Pago notification of type {Type} for {DataId} ignored", type, dataId);
            return ProviderReading.Ignored($"{type ?? "untyped"}:{dataId}");
        }

        if (!long.TryParse(dataId, NumberStyles.None, CultureInfo.InvariantCulture, out var mercadoPagoId))
        {
            return ProviderReading.Refused(StatusCodes.Status400BadRequest, "data.id must be a Mercado Pago payment id (digits).");
        }

        // Per request: the typed client's handler is rotated by the factory, which a singleton would defeat.
        var api = request.HttpContext.RequestServices.GetRequiredService<MercadoPagoApi>();
        if (await api.GetPaymentAsync(mercadoPagoId, cancellationToken) is not { } payment)
        {
            // A correctly signed notification of a payment Mercado Pago does not know: the dashboard's "Simulate" sends these.
            logger.LogWarning("Mercado Pago knows no payment {PaymentId}; notification ignored", mercadoPagoId);
            return ProviderReading.Ignored(MercadoPagoPaymentReader.PaymentId(mercadoPagoId) + ":unknown");
        }

        try
        {
            var reading = MercadoPagoPaymentReader.Read(payment);
            if (reading.Events.Count == 0)
            {
                logger.LogInformation("Mercado Pago payment {PaymentId} ignored ({DeliveryId})", mercadoPagoId, reading.DeliveryId);
            }

            return reading;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            // Mercado Pago's API answered a payment Cobranza cannot read: retrying will not change it, staff must look.
            logger.LogError(e, "Mercado Pago payment {PaymentId} could not be read", mercadoPagoId);
            return ProviderReading.Refused(StatusCodes.Status422UnprocessableEntity,
                $"Payment {mercadoPagoId} from Mercado Pago's API lacks id, status, transaction_amount, currency_id or dates.");
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The body's <c>type</c>, for a notification whose URL does not carry it.</summary>
    private static string? TypeInBody(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? NonBlank(type.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
