using Cobranza.Functions.Http;

namespace Cobranza.Functions.Hosting;

/// <summary><c>GET /api/health</c>: whether the app can reach its storage (no key needed).</summary>
public static class HealthApi
{
    public sealed record Health(string Status, string Storage, DateTimeOffset CheckedAt);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", GetHealth)
            .WithName(nameof(GetHealth))
            .WithTags("Health")
            .WithSummary("Liveness and storage reachability.")
            .Produces<Health>()
            .Produces<Health>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> GetHealth(AppTables tables, TimeProvider time, ILogger<Health> logger, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await tables.Policies.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("default", "-", cancellationToken: timeout.Token);
            return TypedResults.Ok(new Health("healthy", "ok", time.GetUtcNow()));
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
            logger.LogWarning(e, "Health check could not reach storage");
            return TypedResults.Json(new Health("unhealthy", "unreachable", time.GetUtcNow()), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
