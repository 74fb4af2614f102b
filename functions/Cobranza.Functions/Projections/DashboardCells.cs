using System.Globalization;
using Cobranza.Domain;

namespace Cobranza.Functions.Projections;

/// <summary>An additive counter: an amount and a count.</summary>
public readonly record struct CellValue(decimal Amount, long Count)
{
    public static CellValue operator +(CellValue a, CellValue b) => new(a.Amount + b.Amount, a.Count + b.Count);
    public static CellValue operator -(CellValue a, CellValue b) => new(a.Amount - b.Amount, a.Count - b.Count);
    public bool IsZero => Amount == 0 && Count == 0;
}

/// <summary>
/// What one case contributes to the dashboard's counters, keyed by cell. The counters are the sum of every case's
/// contribution, so a change is applied as (contribution after) − (contribution before), and a rebuild is the plain sum.
/// Aging shifts with the date, so open balances are kept per (currency, due date) and bucketed when read. Pure.
/// </summary>
public static class DashboardCells
{
    public const string OpenBalance = "bal";
    public const string State = "state";
    public const string Opened = "opened";
    public const string Collected = "collected";
    public const string Promise = "promise";
    public const string Message = "msg";
    public const string Handoff = "handoff";

    /// <summary>The promise outcomes counted (a withdrawn promise is neither kept nor broken).</summary>
    public const string PromiseOpen = "open";

    public static IReadOnlyDictionary<string, CellValue> Of(DunningCase? c)
    {
        var cells = new Dictionary<string, CellValue>(StringComparer.Ordinal);
        if (c is null)
        {
            return cells;
        }

        Add(cells, $"{State}|{Wire.Name(c.State)}", new CellValue(0, 1));
        if (!c.IsClosed)
        {
            Add(cells, $"{OpenBalance}|{c.Currency}|{SortKeys.DueOn(c.DueOn)}", new CellValue(c.Balance, 1));
        }

        Add(cells, $"{Opened}|{Month(c.OpenedAt)}|{c.Currency}", new CellValue(c.Amount, 1));
        foreach (var payment in c.Payments)
        {
            // Money applied to the invoice, net of what refunds and chargebacks took back (the overpaid part goes back first).
            var net = payment.Applied - payment.Split(payment.Reversed).FromApplied;
            Add(cells, $"{Collected}|{Month(payment.PaidAt)}|{c.Currency}", new CellValue(net, 1));
        }

        var outcome = c.Promise?.Status switch
        {
            PaymentPromise.Pending => PromiseOpen,
            PaymentPromise.Kept => PaymentPromise.Kept,
            PaymentPromise.Broken => PaymentPromise.Broken,
            _ => null,
        };
        if (outcome is not null)
        {
            Add(cells, $"{Promise}|{outcome}", new CellValue(0, 1));
        }

        foreach (var message in c.Messages)
        {
            Add(cells, $"{Message}|{Wire.Name(message.Channel)}|{message.Status}", new CellValue(0, 1));
        }

        if (c.HandedOffTo is { } to)
        {
            Add(cells, $"{Handoff}|{Wire.Name(to)}", new CellValue(0, 1));
        }

        return cells;
    }

    /// <summary>What changes when a case goes from <paramref name="before"/> to <paramref name="after"/> (no zero cells).</summary>
    public static IReadOnlyDictionary<string, CellValue> Delta(DunningCase? before, DunningCase? after)
    {
        var delta = new Dictionary<string, CellValue>(Of(after), StringComparer.Ordinal);
        foreach (var (key, value) in Of(before))
        {
            delta[key] = delta.GetValueOrDefault(key) - value;
        }

        foreach (var key in delta.Where(d => d.Value.IsZero).Select(d => d.Key).ToList())
        {
            delta.Remove(key);
        }

        return delta;
    }

    /// <summary>
    /// The stored row a cell lives in: open balances in one row per currency and due month (a bounded number of small
    /// rows, read all at once), everything else in one row.
    /// </summary>
    public static string RowOf(string cell) =>
        cell.StartsWith(OpenBalance + "|", StringComparison.Ordinal) ? cell[..^2] : "misc";

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static void Add(Dictionary<string, CellValue> cells, string key, CellValue value) =>
        cells[key] = cells.GetValueOrDefault(key) + value;
}
