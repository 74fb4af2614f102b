namespace Cobranza.Functions.StaffConsole;

public static class StaffConsoleApi
{
    /// <summary>The console's own routes (the work queue itself is <c>GET /api/cases</c>, in CasesApi).</summary>
    public static IEndpointRouteBuilder MapStaffConsoleApi(this IEndpointRouteBuilder routes) =>
        routes.MapMeApi().MapDebtorsApi().MapDashboardApi().MapProjectionsAdminApi();
}
