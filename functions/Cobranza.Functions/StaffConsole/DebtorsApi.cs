using Cobranza.Functions.Http;
using Cobranza.Functions.Security;
using Cobranza.Functions.Validation;

namespace Cobranza.Functions.StaffConsole;

public sealed record DebtorBalance(string Currency, decimal Balance, int OpenCases);

/// <summary>A debtor and every invoice of theirs (<c>GET /api/debtors/{debtorId}</c>).</summary>
public sealed record DebtorDetail(
    string DebtorId, string Name, string? Email, string? Phone, string Language, string TimeZone,
    IReadOnlyList<DebtorBalance> Balances, IReadOnlyList<CaseListItem> Cases);

/// <summary>
/// The debtor view, from the debtor's partition of the debtors table (which names the debtor's invoices) and one point
/// read per invoice: its cost grows with the debtor's invoices, never with the portfolio.
/// </summary>
public static class DebtorsApi
{
    public static IEndpointRouteBuilder MapDebtorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/debtors/{debtorId}", GetDebtor)
            .WithTags("Console")
            .WithName(nameof(GetDebtor))
            .WithSummary("A debtor's contact data, open balance per currency and every case (most overdue first).")
            .Produces<DebtorDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireStaff(StaffRole.Viewer);
        return routes;
    }

    private static async Task<IResult> GetDebtor(string debtorId, CaseQueries queries, CancellationToken cancellationToken)
    {
        var cases = InputRules.IsValidId(debtorId) ? await queries.DebtorCasesAsync(debtorId, cancellationToken) : [];
        if (cases.Count == 0)
        {
            return Problems.NotFound($"There is no debtor '{debtorId}'.");
        }

        var today = queries.Today;
        // Contact data comes with each invoice from the ERP: the latest one is the debtor's as the ERP knows it now.
        var debtor = cases.MaxBy(c => c.UpdatedAt)!.Debtor;
        var balances = cases.Where(c => !c.IsClosed).GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DebtorBalance(g.Key, g.Sum(c => c.Balance), g.Count())).ToList();
        var items = cases.OrderBy(c => CaseQueries.SortKey(c, Projections.CaseSort.DaysOverdueDescending), StringComparer.Ordinal)
            .Select(c => CaseListItem.From(c, today)).ToList();
        return TypedResults.Ok(new DebtorDetail(debtor.Id, debtor.Name, debtor.Email, debtor.Phone, debtor.Language, debtor.TimeZone, balances, items));
    }
}
