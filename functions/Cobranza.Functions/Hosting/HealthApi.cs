using Cobranza.Functions.Messaging;

namespace Cobranza.Functions.Hosting;

/// <summary><c>GET /api/health</c>: whether the app can reach its storage (no key needed).</summary>
public static class HealthApi
{
    /// <summary>The answer; <see cref="FailedMessages"/> counts messages that could not be sent or delivered, ever.</summary>
    public sealed record Health(string Status, string Storage, long? FailedMessages, DateTimeOffset CheckedAt);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", GetHealth)
            .WithName(nameof(GetHealth))
            .WithTags("Health")
            .WithSummary("Liveness and storage reachability.")
            .Produces<Health>()
            .Produces<Health>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();
        return routes;
    }

    private static async Task<IResult> GetHealth(AppTables tables, MessageFailures failures, TimeProvider time, ILogger<Health> logger, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var failed = await failures.CountAsync(timeout.Token);
            return TypedResults.Ok(new Health("healthy", "ok", failed, time.GetUtcNow()));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
            logger.LogWarning(e, "Health check could not reach storage");
            return TypedResults.Json(new Health("unhealthy", "unreachable", null, time.GetUtcNow()), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
