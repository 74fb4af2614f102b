namespace Cobranza.Functions.Projections;

/// <summary>
/// The orders of the work queue. Table Storage reads a partition in row-key order only (never backwards), so each
/// order, ascending and descending, has its own row per case, keyed by an encoding that sorts as the order wants.
/// </summary>
public enum CaseSort
{
    /// <summary><c>-daysOverdue</c> (the default): most overdue first, i.e. earliest due date first.</summary>
    DaysOverdueDescending,
    /// <summary><c>daysOverdue</c>: latest due date first.</summary>
    DaysOverdueAscending,
    BalanceAscending,
    BalanceDescending,
    /// <summary><c>nextAction</c>: soonest first; cases with nothing scheduled last.</summary>
    NextActionAscending,
    /// <summary><c>-nextAction</c>: latest first; cases with nothing scheduled last.</summary>
    NextActionDescending,
}

public static class CaseSorts
{
    public const string Default = "-daysOverdue";

    public static bool TryParse(string? text, out CaseSort sort)
    {
        sort = CaseSort.DaysOverdueDescending;
        switch (text)
        {
            case null or "" or "-daysOverdue": return true;
            case "daysOverdue": sort = CaseSort.DaysOverdueAscending; return true;
            case "balance": sort = CaseSort.BalanceAscending; return true;
            case "-balance": sort = CaseSort.BalanceDescending; return true;
            case "nextAction": sort = CaseSort.NextActionAscending; return true;
            case "-nextAction": sort = CaseSort.NextActionDescending; return true;
            default: return false;
        }
    }

    /// <summary>The row-key prefix of the index rows in this order (one letter; upper case for the inverted encodings).</summary>
    public static string Prefix(CaseSort sort) => sort switch
    {
        CaseSort.DaysOverdueDescending => "d",
        CaseSort.DaysOverdueAscending => "D",
        CaseSort.BalanceAscending => "b",
        CaseSort.BalanceDescending => "B",
        CaseSort.NextActionAscending => "n",
        CaseSort.NextActionDescending => "N",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    };
}
