using Cobranza.Functions.Projections;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.StaffConsole;

/// <summary><c>POST /api/admin/projections:rebuild</c>: re-derives the case index and dashboard counters from the cases.</summary>
public static class ProjectionsAdminApi
{
    public static IEndpointRouteBuilder MapProjectionsAdminApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/admin/projections:rebuild", RebuildProjections)
            .WithTags("Console")
            .WithName(nameof(RebuildProjections))
            .WithSummary("Rebuild the case index and the dashboard counters from every case (a repair: it scans all cases).")
            .Produces<RebuildReport>()
            .RequireStaff(StaffRole.Supervisor);
        return routes;
    }

    private static async Task<IResult> RebuildProjections(ProjectionRebuild rebuild, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rebuild.RunAsync(cancellationToken));
}
