using Cobranza.Domain;
using Cobranza.Functions.Http;

namespace Cobranza.Functions.StaffConsole;

/// <summary>
/// <c>GET /api/cases</c>: the work queue, filtered and ordered from the case index, as JSON pages or (<c>format=csv</c>
/// or <c>Accept: text/csv</c>) as one CSV of every page, at most <see cref="MaxCsvRows"/> rows.
/// </summary>
public static class CaseListEndpoint
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxCsvRows = 100_000;

    public static readonly IReadOnlyList<string> CsvColumns =
        ["invoiceId", "invoiceNumber", "debtorId", "debtorName", "state", "balance", "currency", "dueOn", "daysOverdue", "agingBucket", "policy", "currentStep", "nextActionAt"];

    /// <param name="state">active, promised, paused, handedOff or closed.</param>
    /// <param name="aging">current, 1-30, 31-60, 61-90 or 91+ (days past the due date, today in UTC).</param>
    /// <param name="sort">balance, daysOverdue or nextAction; a leading - for descending. Default -daysOverdue.</param>
    /// <param name="format">json (default) or csv.</param>
    public static async Task<IResult> ListCases(
        string? state, string? aging, string? debtorId, string? policy, string? minBalance, string? maxBalance, string? currency,
        string? sort, string? pageSize, string? continuationToken, string? format,
        HttpRequest request, CaseQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filter = CaseFilterParser.Parse(request.Query, errors);
        var size = CaseFilterParser.PageSize(request.Query, DefaultPageSize, MaxPageSize, errors);
        var wantedFormat = CaseFilterParser.Single(request.Query, "format");
        if (wantedFormat is not null and not ("json" or "csv"))
        {
            errors.Add("format", "json or csv.");
        }

        var token = CaseFilterParser.Single(request.Query, "continuationToken");
        CaseListPage first;
        try
        {
            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors.ToDictionary());
            }

            first = await queries.PageAsync(filter, CsvResult.IsWanted(request, wantedFormat) ? MaxPageSize : size, token, cancellationToken);
        }
        catch (FormatException)
        {
            return Problems.Validation("continuationToken", "Not a continuation token returned by this API.");
        }

        return CsvResult.IsWanted(request, wantedFormat)
            ? new CsvResult("cases.csv", CsvColumns, CsvRows(queries, filter, first, cancellationToken))
            : TypedResults.Ok(first);
    }

    private static async IAsyncEnumerable<IReadOnlyList<object?>> CsvRows(CaseQueries queries, CaseFilter filter, CaseListPage first,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = first;
        var written = 0;
        while (true)
        {
            foreach (var c in page.Value)
            {
                if (written++ >= MaxCsvRows)
                {
                    yield break;
                }

                yield return
                [
                    c.InvoiceId, c.InvoiceNumber, c.Debtor.Id, c.Debtor.Name, Wire.Name(c.State), c.Balance, c.Currency,
                    CsvResult.Date(c.DueOn), c.DaysOverdue, c.AgingBucket, c.Policy.Name, c.CurrentStep, CsvResult.Instant(c.NextActionAt),
                ];
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            page = await queries.PageAsync(filter, MaxPageSize, page.ContinuationToken, cancellationToken);
        }
    }
}
