using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cobranza.Functions.Http;

namespace Cobranza.Functions.Events;

/// <summary>
/// <c>POST /api/events/acs?key=…</c>: Event Grid deliveries of ACS events (Event Grid schema, an array, or CloudEvents).
/// The key (<c>Cobranza:Acs:EventsKey</c>) keeps anyone else from faking a bounce or a STOP; the subscription
/// validation handshake is answered.
/// </summary>
public static class AcsEventsApi
{
    public const string KeySetting = "Cobranza:Acs:EventsKey";
    private const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public static IEndpointRouteBuilder MapAcsEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/events/acs", ReceiveAcsEvents)
            .WithName(nameof(ReceiveAcsEvents))
            .WithTags("Events")
            .WithSummary("Event Grid webhook for ACS delivery reports and inbound SMS.")
            .Accepts<JsonElement>("application/json")
            .Produces<Dictionary<string, string>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    private static async Task<IResult> ReceiveAcsEvents(string? key, HttpRequest request, IConfiguration configuration, AcsEventProcessor processor, CancellationToken cancellationToken)
    {
        var expected = configuration[KeySetting];
        if (string.IsNullOrEmpty(expected) || key is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expected)))
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", $"The key query parameter does not match {KeySetting}.");
        }

        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        foreach (var item in events)
        {
            var type = item.TryGetProperty("eventType", out var t) ? t.GetString() : item.TryGetProperty("type", out var ct) ? ct.GetString() : null;
            if (!item.TryGetProperty("data", out var data) || type is null)
            {
                return Problems.Validation("eventType", "Each event needs eventType (or type) and data.");
            }

            if (type == ValidationEvent && data.TryGetProperty("validationCode", out var code))
            {
                return TypedResults.Json(new Dictionary<string, string?> { ["validationResponse"] = code.GetString() });
            }

            await processor.ProcessAsync(type, data, cancellationToken);
        }

        return TypedResults.Ok();
    }
}
