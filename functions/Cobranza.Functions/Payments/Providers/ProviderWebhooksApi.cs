using Cobranza.Functions.Http;

namespace Cobranza.Functions.Payments.Providers;

/// <summary>
/// <c>POST /api/payments/{provider}</c> for every registered <see cref="IPaymentProvider"/>: the provider verifies and
/// reads the delivery, then the shared part applies it once. A delivery processed before (by its id) answers 200 and
/// does nothing; each event is idempotent as well, so a crash half-way through is repaired by the provider's retry.
/// </summary>
public static class ProviderWebhooksApi
{
    public sealed record ProviderWebhookResponse(string Provider, string? DeliveryId, string Status, IReadOnlyList<ProviderEventResult> Events);

    public sealed record ProviderEventResult(string PaymentId, string Kind, string Status);

    public static IEndpointRouteBuilder MapProviderWebhooksApi(this IEndpointRouteBuilder routes)
    {
        foreach (var provider in routes.ServiceProvider.GetServices<IPaymentProvider>())
        {
            routes.MapPost($"/api/payments/{provider.Name}", (HttpRequest request, PaymentService payments, PaymentLedger ledger, TimeProvider time, CancellationToken cancellationToken) =>
                    ReceiveAsync(provider, request, payments, ledger, time, cancellationToken))
                .WithName("Receive" + char.ToUpperInvariant(provider.Name[0]) + provider.Name[1..])
                .WithTags("Payments")
                .WithSummary($"{provider.Name} webhook: verified with the provider's own signature; applies payments, refunds and chargebacks once.")
                .Produces<ProviderWebhookResponse>()
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        return routes;
    }

    private static async Task<IResult> ReceiveAsync(
        IPaymentProvider provider, HttpRequest request, PaymentService payments, PaymentLedger ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, JsonBody.MaxBytes);
        if (body is null)
        {
            return RequestBody.TooLarge(JsonBody.MaxBytes);
        }

        var reading = await provider.ReadAsync(request, body, cancellationToken);
        if (reading.IsRefused)
        {
            return Problems.Status(reading.RefusalStatus!.Value, $"Refused {provider.Name} delivery", reading.Refusal!);
        }

        var deliveryId = reading.DeliveryId!;
        if (await ledger.WasDeliveredAsync(provider.Name, deliveryId, cancellationToken))
        {
            return TypedResults.Ok(new ProviderWebhookResponse(provider.Name, deliveryId, "duplicate", []));
        }

        var results = new List<ProviderEventResult>();
        foreach (var providerEvent in reading.Events)
        {
            var result = providerEvent switch
            {
                ProviderPayment payment => await payments.ReceiveFromProviderAsync(payment, provider.Name, cancellationToken),
                ProviderReversal reversal => await payments.ReverseAsync(reversal, provider.Name, cancellationToken),
                _ => throw new InvalidOperationException($"Unknown provider event {providerEvent.GetType().Name}."),
            };
            results.Add(new ProviderEventResult(providerEvent.PaymentId, providerEvent is ProviderPayment ? "payment" : "reversal", StatusOf(result)));
        }

        // Marked last: a crash before this leaves the delivery to be processed again, which the events survive.
        await ledger.MarkDeliveredAsync(provider.Name, deliveryId, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new ProviderWebhookResponse(provider.Name, deliveryId, reading.Events.Count == 0 ? "ignored" : "processed", results));
    }

    private static string StatusOf(PaymentService.Result result) => result.Kind switch
    {
        PaymentService.Kind.Applied => "applied",
        PaymentService.Kind.Unmatched => "unmatched",
        PaymentService.Kind.Duplicate => "duplicate",
        // A provider retries anything but 2xx; what the case refuses (another currency) is for staff, not a retry.
        _ => "refused: " + result.Rejection?.Message,
    };
}
