using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Http;
using Cobranza.Functions.Projections;

namespace Cobranza.Functions.StaffConsole;

/// <summary>
/// Serves the work queue. Without a debtor, from the case index: the order picks the rows, the state the partition
/// (or all five, merged), and the aging bucket (ordered by days overdue) or the currency and amount range (ordered by
/// balance) become the row-key range; the other filters narrow that range with <c>$filter</c>. With a debtor, from the
/// debtor's partition of the debtors table, which names the debtor's invoices: each is read (one point read) and the
/// filters and order applied here, since a debtor has a handful of invoices, not a portfolio.
/// </summary>
public sealed class CaseQueries(CaseIndex index, DebtorDirectory debtors, IDurableClient<DunningCase> cases, TimeProvider time)
{
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>A page of the queue; throws <see cref="FormatException"/> for a continuation token this API did not issue.</summary>
    public async Task<CaseListPage> PageAsync(CaseFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var cursor = ReadCursor(continuationToken);
        var today = Today;
        if (filter.DebtorId is { } debtorId)
        {
            var all = await DebtorCasesAsync(debtorId, cancellationToken);
            var matching = all.Where(c => filter.Matches(c, today)).OrderBy(c => SortKey(c, filter.Sort), StringComparer.Ordinal).ToList();
            var offset = cursor?.Offset ?? 0;
            var page = matching.Skip(offset).Take(pageSize).Select(c => CaseListItem.From(c, today)).ToList();
            var next = offset + page.Count < matching.Count ? WriteCursor(new ListCursor(null, offset + page.Count)) : null;
            return new CaseListPage(page, next);
        }

        var (items, nextCursor) = await CaseIndexReader.ReadPageAsync(index.Table, Plan(filter, today), pageSize,
            cursor?.After is { } after ? new IndexCursor(after) : null, cancellationToken);
        return new CaseListPage(
            items.Select(json => CaseListItem.From(CaseIndexRows.ReadItem(json), today)).ToList(),
            nextCursor is null ? null : WriteCursor(new ListCursor(nextCursor.After, null)));
    }

    /// <summary>Every case of a debtor (point reads of the invoices the debtors table names).</summary>
    public async Task<IReadOnlyList<DunningCase>> DebtorCasesAsync(string debtorId, CancellationToken cancellationToken)
    {
        var invoices = await debtors.CasesOfAsync(debtorId, cancellationToken);
        var read = await Task.WhenAll(invoices.Select(id => cases.GetAsync(id, includeHistory: false, cancellationToken)));
        return read.Where(s => s is not null).Select(s => s!.State).ToList();
    }

    /// <summary>The index read that serves <paramref name="filter"/> on <paramref name="today"/>.</summary>
    public static CaseIndexQuery Plan(CaseFilter filter, DateOnly today)
    {
        var partitions = filter.State is { } state ? [CaseIndexRows.PartitionOf(state)] : CaseIndex.Partitions;
        var prefix = CaseSorts.Prefix(filter.Sort);
        var (from, to) = (prefix + "|", prefix + "}");
        var conditions = new List<string>();
        var (earliest, latest) = filter.Aging is { } aging ? AgingBuckets.DueOnRange(aging, today) : (null, null);
        var agingInKey = false;
        var balanceInKey = false;
        switch (filter.Sort)
        {
            case CaseSort.DaysOverdueDescending:
                from = earliest is { } e1 ? $"{prefix}|{SortKeys.DueOn(e1)}" : from;
                to = latest is { } l1 ? $"{prefix}|{SortKeys.DueOn(l1)}}}" : to;
                agingInKey = true;
                break;
            case CaseSort.DaysOverdueAscending:
                from = latest is { } l2 ? $"{prefix}|{SortKeys.DueOnInverted(l2)}" : from;
                to = earliest is { } e2 ? $"{prefix}|{SortKeys.DueOnInverted(e2)}}}" : to;
                agingInKey = true;
                break;
            case CaseSort.BalanceAscending when filter.Currency is { } currency:
                from = $"{prefix}|{currency}|" + (filter.MinBalance is { } min ? SortKeys.Amount(min) : "");
                to = filter.MaxBalance is { } max ? $"{prefix}|{currency}|{SortKeys.Amount(max)}}}" : $"{prefix}|{currency}}}";
                balanceInKey = true;
                break;
            case CaseSort.BalanceDescending when filter.Currency is { } currency:
                from = $"{prefix}|{currency}|" + (filter.MaxBalance is { } max2 ? SortKeys.AmountInverted(max2) : "");
                to = filter.MinBalance is { } min2 ? $"{prefix}|{currency}|{SortKeys.AmountInverted(min2)}}}" : $"{prefix}|{currency}}}";
                balanceInKey = true;
                break;
        }

        if (!agingInKey)
        {
            if (earliest is { } e)
            {
                conditions.Add($"{IndexColumns.DueOn} ge {CaseIndexReader.Quote(SortKeys.DueOn(e))}");
            }

            if (latest is { } l)
            {
                conditions.Add($"{IndexColumns.DueOn} le {CaseIndexReader.Quote(SortKeys.DueOn(l))}");
            }
        }

        if (!balanceInKey)
        {
            if (filter.Currency is { } currency)
            {
                conditions.Add($"{IndexColumns.Currency} eq {CaseIndexReader.Quote(currency)}");
            }

            if (filter.MinBalance is { } min)
            {
                conditions.Add($"{IndexColumns.BalanceKey} ge {CaseIndexReader.Quote(SortKeys.Amount(min))}");
            }

            if (filter.MaxBalance is { } max)
            {
                conditions.Add($"{IndexColumns.BalanceKey} le {CaseIndexReader.Quote(SortKeys.Amount(max))}");
            }
        }

        if (filter.Policy is { } policy)
        {
            conditions.Add($"{IndexColumns.Policy} eq {CaseIndexReader.Quote(policy)}");
        }

        return new CaseIndexQuery(partitions, from, to, conditions.Count == 0 ? null : string.Join(" and ", conditions));
    }

    /// <summary>The case's key in <paramref name="sort"/>, as the index orders it.</summary>
    public static string SortKey(DunningCase c, CaseSort sort) =>
        CaseIndexRows.For(c).Keys.First(k => k.StartsWith(CaseSorts.Prefix(sort) + "|", StringComparison.Ordinal));

    private sealed record ListCursor(Dictionary<string, string?>? After, int? Offset);

    private static string WriteCursor(ListCursor cursor) => PageToken.Encode(JsonSerializer.Serialize(cursor))!;

    private static ListCursor? ReadCursor(string? token)
    {
        var text = PageToken.Decode(token);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ListCursor>(text) ?? throw new FormatException("Not a continuation token issued by this API.");
        }
        catch (JsonException)
        {
            throw new FormatException("Not a continuation token issued by this API.");
        }
    }
}
