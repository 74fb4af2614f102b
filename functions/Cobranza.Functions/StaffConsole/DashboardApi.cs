using Cobranza.Functions.Http;
using Cobranza.Functions.Projections;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.StaffConsole;

/// <summary>
/// <c>GET /api/dashboard</c>: the portfolio's figures, summed from the dashboard counters (a bounded number of rows,
/// whatever the number of cases); <c>format=csv&amp;table=…</c> exports one of its tables.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/dashboard", GetDashboard)
            .WithTags("Console")
            .WithName(nameof(GetDashboard))
            .WithSummary("Open balance by aging bucket and currency, cases by state, recovery by month, promises, messages, handoffs, average days delinquent; format=csv&table=… for one table as CSV.")
            .Produces<DashboardReport>(StatusCodes.Status200OK, "application/json", CsvResult.MediaType)
            .ProducesValidationProblem()
            .RequireStaff(StaffRole.Viewer);
        return routes;
    }

    /// <param name="format">json (default) or csv.</param>
    /// <param name="table">With format=csv: openBalanceByAging, casesByState, recoveryByMonth, promises, messages or handoffs.</param>
    private static async Task<IResult> GetDashboard(string? format, string? table, HttpRequest request, DashboardCounters counters, TimeProvider time, CancellationToken cancellationToken)
    {
        format = CaseFilterParser.Single(request.Query, "format");
        table = CaseFilterParser.Single(request.Query, "table");
        if (format is not null and not ("json" or "csv"))
        {
            return Problems.Validation("format", "json or csv.");
        }

        var csv = CsvResult.IsWanted(request, format);
        if (csv && (table is null || !DashboardReport.Tables.Contains(table)))
        {
            return Problems.Validation("table", "Required with format=csv: one of " + string.Join(", ", DashboardReport.Tables) + ".");
        }

        var report = DashboardReport.From(await counters.ReadAsync(cancellationToken), time.GetUtcNow());
        if (!csv)
        {
            return TypedResults.Ok(report);
        }

        var (header, rows) = report.Table(table!);
        return new CsvResult($"{table}.csv", header, rows.ToAsyncEnumerable());
    }
}
