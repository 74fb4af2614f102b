using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Functions.Cases;

namespace Cobranza.Functions.Projections;

/// <summary>
/// What the case index holds for one case: in the partition of its state, one row per sort order
/// (<c>{prefix}|{sort value}|{invoiceId}</c>, each carrying the list item and the filterable columns) and a head row
/// (<c>i|{invoiceId}</c>) naming those rows and the version they show. Pure: derived from the case alone.
/// </summary>
public sealed record CaseIndexRows(string Partition, string InvoiceId, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, object> Columns, string Item)
{
    public const string HeadPrefix = "i|";

    public static string HeadKey(string invoiceId) => HeadPrefix + invoiceId;

    public static string PartitionOf(CaseState state) => Wire.Name(state);

    public static CaseIndexRows For(DunningCase c)
    {
        var keys = new[]
        {
            Key(CaseSort.DaysOverdueDescending, SortKeys.DueOn(c.DueOn), c.InvoiceId),
            Key(CaseSort.DaysOverdueAscending, SortKeys.DueOnInverted(c.DueOn), c.InvoiceId),
            Key(CaseSort.BalanceAscending, c.Currency + "|" + SortKeys.Amount(c.Balance), c.InvoiceId),
            Key(CaseSort.BalanceDescending, c.Currency + "|" + SortKeys.AmountInverted(c.Balance), c.InvoiceId),
            Key(CaseSort.NextActionAscending, SortKeys.Instant(c.NextActionAt), c.InvoiceId),
            Key(CaseSort.NextActionDescending, SortKeys.InstantInverted(c.NextActionAt), c.InvoiceId),
        };
        var columns = new Dictionary<string, object>
        {
            [IndexColumns.InvoiceId] = c.InvoiceId,
            [IndexColumns.DebtorId] = c.Debtor.Id,
            [IndexColumns.Policy] = c.Policy.Name,
            [IndexColumns.Currency] = c.Currency,
            [IndexColumns.BalanceKey] = SortKeys.Amount(c.Balance),
            [IndexColumns.DueOn] = SortKeys.DueOn(c.DueOn),
        };
        return new CaseIndexRows(PartitionOf(c.State), c.InvoiceId, keys, columns, ItemJson(c));
    }

    /// <summary>The list item as stored: the case without history and messages.</summary>
    public static string ItemJson(DunningCase c) => JsonSerializer.Serialize(CaseView.From(c, null, withMessages: false), CobranzaJson.Options);

    public static CaseView ReadItem(string json) => JsonSerializer.Deserialize<CaseView>(json, CobranzaJson.Options)!;

    /// <summary>
    /// True when the index shows <paramref name="before"/> and <paramref name="after"/> alike (only <c>updatedAt</c> or
    /// what lists omit, history and messages, differ): then nothing is rewritten.
    /// </summary>
    public static bool ShowsAlike(DunningCase before, DunningCase after) =>
        ItemJson(before with { UpdatedAt = default }) == ItemJson(after with { UpdatedAt = default });

    public static string Key(CaseSort sort, string value, string invoiceId) => $"{CaseSorts.Prefix(sort)}|{value}|{invoiceId}";
}

/// <summary>The columns of an index row, filterable with <c>$filter</c> inside a partition's range.</summary>
public static class IndexColumns
{
    public const string InvoiceId = "InvoiceId";
    public const string DebtorId = "DebtorId";
    public const string Policy = "Policy";
    public const string Currency = "Currency";
    public const string BalanceKey = "BalanceKey";
    public const string DueOn = "DueOn";
    public const string Item = "Item";
    public const string Version = "Version";
    public const string Keys = "Keys";
}
