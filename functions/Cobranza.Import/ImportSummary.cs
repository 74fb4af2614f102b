namespace Cobranza.Import;

/// <summary>What an import did, row by row: counts by result, and the rows that were refused with why.</summary>
public sealed class ImportSummary
{
    private readonly List<string> _problems = [];

    public int Rows { get; private set; }
    public int Created { get; private set; }
    public int Existing { get; private set; }
    public int Conflicts { get; private set; }
    public int Errors { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    public void Add(AgingReportRow row, BatchLineResult result)
    {
        Rows++;
        switch (result.Result)
        {
            case "created":
                Created++;
                break;
            case "existing":
                Existing++;
                break;
            case "conflict":
                Conflicts++;
                _problems.Add(Describe(row, result));
                break;
            default:
                Errors++;
                _problems.Add(Describe(row, result));
                break;
        }
    }

    public override string ToString() =>
        $"{Rows} rows: {Created} opened, {Existing} already open, {Conflicts} conflicting, {Errors} refused.";

    private static string Describe(AgingReportRow row, BatchLineResult result)
    {
        var errors = result.Errors is null ? "" : ": " + string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return $"row {row.CsvRow} ({row.InvoiceId ?? "no invoiceId"}) {result.Result}{errors}";
    }
}
