using Cobranza.Durable;
using Cobranza.Functions.Http;

namespace Cobranza.Functions.Hosting.Triggers;

/// <summary>
/// The custom-handler side of the app's non-HTTP functions: the Functions host POSTs each invocation to
/// <c>/{FunctionName}</c> on loopback (<c>/SweepTimers</c>, <c>/ControlQueue00</c>…) and reads
/// <see cref="HostInvocationResult"/> back; a non-2xx answer fails the invocation, so a queue message comes back later.
/// The public HTTP function forwards every path to the app, so a request that came through Azure's front end (it
/// carries <c>X-Forwarded-For</c>, which the host's own invocations never do) is answered 404 here.
/// </summary>
public static class HostTriggersApi
{
    private const long MaxBodyBytes = 1024 * 1024;

    // Headers Azure's front ends add to every outside request (and the Functions host passes on when it forwards one).
    private static readonly string[] _frontEndHeaders = ["X-Forwarded-For", "X-ARR-LOG-ID", "X-Original-URL"];

    public static IEndpointRouteBuilder MapHostTriggers(this IEndpointRouteBuilder routes)
    {
        var layout = routes.ServiceProvider.GetRequiredService<StorageLayout>();
        Configure(routes.MapPost("/" + HostFunctions.SweepTimers, SweepTimers).WithName(HostFunctions.SweepTimers)
            .WithSummary("Timer trigger (every minute): moves the timers that came near from the timers table onto the control queues."));
        for (var partition = 0; partition < layout.Partitions; partition++)
        {
            var name = HostFunctions.ControlQueue(partition);
            Configure(routes.MapPost("/" + name, ControlQueueMessage).WithName(name)
                .WithSummary($"Queue trigger on {layout.ControlQueue(partition)}: processes one control message (a timer firing or an effect recovery)."));
        }

        if (routes.ServiceProvider.GetRequiredService<IConfiguration>()[Events.AcsEventQueueListener.QueueSetting] is { Length: > 0 } eventsQueue)
        {
            Configure(routes.MapPost("/" + HostFunctions.AcsEvents, AcsEvent).WithName(HostFunctions.AcsEvents)
                .WithSummary($"Queue trigger on {eventsQueue}: processes one ACS event (delivery report, inbound SMS) that Event Grid wrote."));
        }

        return routes;
    }

    private static void Configure(RouteHandlerBuilder endpoint) =>
        endpoint
            .WithTags("Functions host")
            .WithDescription("Called by the Azure Functions host with {Data, Metadata}; answers {Outputs, Logs, ReturnValue}. Not reachable from outside.")
            .Produces<HostInvocationResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();

    private static async Task<IResult> SweepTimers(HttpRequest request, TimerPump pump, ILogger<HostInvocation> logger, CancellationToken cancellationToken)
    {
        var (invocation, problem) = await ReadAsync(request);
        if (invocation is null)
        {
            return problem!;
        }

        bool pastDue;
        try
        {
            pastDue = invocation.TimerIsPastDue(HostFunctions.TimerBinding);
        }
        catch (InvalidHostInvocationException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }

        var moved = await pump.SweepAsync(cancellationToken);
        logger.LogDebug("Timer sweep by the Functions host moved {Count} timers (past due: {PastDue})", moved, pastDue);
        return TypedResults.Ok(HostInvocationResult.Done($"Moved {moved} timers onto the control queues{(pastDue ? " (the sweep ran late)" : "")}."));
    }

    private static async Task<IResult> ControlQueueMessage(HttpRequest request, IControlQueueMessageHandler handler, CancellationToken cancellationToken)
    {
        var (invocation, problem) = await ReadAsync(request);
        if (invocation is null)
        {
            return problem!;
        }

        string text;
        long dequeueCount;
        try
        {
            text = invocation.QueueMessageText(HostFunctions.MessageBinding);
            dequeueCount = invocation.DequeueCount();
        }
        catch (InvalidHostInvocationException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }

        try
        {
            await handler.HandleAsync(text, dequeueCount, cancellationToken);
        }
        catch (FormatException e)
        {
            // Never readable however often it comes back: the host moves it to the poison queue after maxDequeueCount.
            return Problems.Validation($"Data.{HostFunctions.MessageBinding}", $"Not a control message: {e.Message}");
        }
        catch (MessageNotReadyException e)
        {
            // The runtime's "look again later": failing the invocation makes the host show the message again.
            return Problems.Status(StatusCodes.Status409Conflict, "Not ready", e.Message);
        }
        catch (EffectsPendingException e)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Effects pending", e.Message);
        }

        return TypedResults.Ok(HostInvocationResult.Done("Processed a control message."));
    }

    private static async Task<IResult> AcsEvent(HttpRequest request, Events.AcsEventProcessor processor, CancellationToken cancellationToken)
    {
        var (invocation, problem) = await ReadAsync(request);
        if (invocation is null)
        {
            return problem!;
        }

        string text;
        try
        {
            text = invocation.QueueMessageText(HostFunctions.MessageBinding);
        }
        catch (InvalidHostInvocationException e)
        {
            return Problems.Validation(e.Field, e.Message);
        }

        var field = $"Data.{HostFunctions.MessageBinding}";
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (!Events.AcsEventQueueListener.TryRead(document.RootElement, out var type, out var data))
            {
                // Never readable: failing it sends it to the poison queue after the host's attempts, for a person to look at.
                return Problems.Validation(field, "Not an ACS event this app reads.");
            }

            await processor.ProcessAsync(type, data, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Problems.Validation(field, $"Not JSON: {e.Message}");
        }

        return TypedResults.Ok(HostInvocationResult.Done("Processed an ACS event."));
    }

    private static async Task<(HostInvocation? Invocation, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (_frontEndHeaders.Any(request.Headers.ContainsKey))
        {
            return (null, Problems.NotFound("No such route."));
        }

        if (await RequestBody.ReadAsync(request, MaxBodyBytes) is not { } body)
        {
            return (null, RequestBody.TooLarge(MaxBodyBytes));
        }

        try
        {
            return (HostInvocation.Parse(System.Text.Encoding.UTF8.GetString(body)), null);
        }
        catch (InvalidHostInvocationException e)
        {
            return (null, Problems.Validation(e.Field, e.Message));
        }
    }
}
