using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cobranza.Domain;
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
        var root = document.RootElement;
        if (!JsonStrings.AllNamesReadable(root))
        {
            return Problems.Validation("body", "A field name is not valid text.");
        }

        var events = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var parsed = new List<(string Type, JsonElement Data)>();
        foreach (var item in events)
        {
            // Read every event before applying any, so a malformed delivery changes nothing.
            if (item.ValueKind != JsonValueKind.Object
                || !(item.TryGetProperty("eventType", out var typeElement) || item.TryGetProperty("type", out typeElement))
                || !JsonStrings.TryGet(typeElement, out var type)
                || !item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return Problems.Validation("eventType", "Each event is an object with a string eventType (or type) and an object data.");
            }

            if (type == ValidationEvent)
            {
                return data.TryGetProperty("validationCode", out var code) && JsonStrings.TryGet(code, out var validationCode)
                    ? TypedResults.Json(new Dictionary<string, string?> { ["validationResponse"] = validationCode })
                    : Problems.Validation("data.validationCode", "The validation event carries a string validationCode.");
            }

            if (!AcsEventProcessor.IsReadable(type, data))
            {
                return Problems.Validation("data", $"The data of a {type} event is missing a field or holds one that is not text.");
            }

            parsed.Add((type, data));
        }

        foreach (var (type, data) in parsed)
        {
            await processor.ProcessAsync(type, data, cancellationToken);
        }

        return TypedResults.Ok();
    }
}
