using System.Globalization;
using System.Text.RegularExpressions;
using Cobranza.Domain;
using Cobranza.Functions.Projections;
using Cobranza.Functions.Validation;

namespace Cobranza.Functions.StaffConsole;

/// <summary>The work queue's filters and order (<c>GET /api/cases</c>); every one optional.</summary>
public sealed record CaseFilter(
    CaseState? State = null,
    string? Aging = null,
    string? DebtorId = null,
    string? Policy = null,
    decimal? MinBalance = null,
    decimal? MaxBalance = null,
    string? Currency = null,
    CaseSort Sort = CaseSort.DaysOverdueDescending)
{
    /// <summary>Whether a case passes every filter on <paramref name="today"/> (the order is not a filter).</summary>
    public bool Matches(DunningCase c, DateOnly today) =>
        (State is null || c.State == State)
        && (Aging is null || AgingBuckets.Of(c.DueOn, today) == Aging)
        && (DebtorId is null || c.Debtor.Id == DebtorId)
        && (Policy is null || c.Policy.Name == Policy)
        && (MinBalance is null || c.Balance >= MinBalance)
        && (MaxBalance is null || c.Balance <= MaxBalance)
        && (Currency is null || c.Currency == Currency);
}

/// <summary>Reads the query string of <c>GET /api/cases</c> into a <see cref="CaseFilter"/>, naming each bad parameter.</summary>
public static partial class CaseFilterParser
{
    public static CaseFilter Parse(IQueryCollection query, ValidationErrors errors)
    {
        CaseState? state = null;
        if (Single(query, "state") is { } stateText)
        {
            state = Enum.GetValues<CaseState>().Where(s => Wire.Name(s) == stateText).Select(s => (CaseState?)s).FirstOrDefault();
            if (state is null)
            {
                errors.Add("state", "One of active, promised, paused, handedOff, closed.");
            }
        }

        // An unencoded '+' in a query string reads as a space: "aging=91+" arrives as "91 ".
        var aging = Single(query, "aging") is "91 " ? AgingBuckets.Days91Plus : Single(query, "aging");
        if (aging is not null && !AgingBuckets.IsBucket(aging))
        {
            errors.Add("aging", "One of current, 1-30, 31-60, 61-90, 91+ (days past the due date).");
        }

        var debtorId = Single(query, "debtorId");
        if (debtorId is not null && !InputRules.IsValidId(debtorId))
        {
            errors.Add("debtorId", "1-64 letters, digits and . _ - :");
        }

        var policy = Single(query, "policy");
        if (policy is not null && !InputRules.IsValidId(policy))
        {
            errors.Add("policy", "A policy name: 1-64 letters, digits and . _ - :");
        }

        var min = Amount(query, "minBalance", errors);
        var max = Amount(query, "maxBalance", errors);
        if (min is not null && max is not null && min > max)
        {
            errors.Add("maxBalance", "At least minBalance.");
        }

        var currency = Single(query, "currency");
        if (currency is not null && !CurrencyCode().IsMatch(currency))
        {
            errors.Add("currency", "An ISO 4217 code in upper case, e.g. MXN.");
        }

        if (!CaseSorts.TryParse(Single(query, "sort"), out var sort))
        {
            errors.Add("sort", "One of balance, daysOverdue, nextAction, each optionally prefixed with - for descending.");
        }

        return new CaseFilter(state, aging, debtorId, policy, min, max, currency, sort);
    }

    public static int PageSize(IQueryCollection query, int defaultSize, int maxSize, ValidationErrors errors)
    {
        var text = Single(query, "pageSize");
        if (text is null)
        {
            return defaultSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > maxSize)
        {
            errors.Add("pageSize", $"Between 1 and {maxSize}.");
            return defaultSize;
        }

        return size;
    }

    /// <summary>The parameter's value; null when absent or empty (an empty filter filters nothing).</summary>
    public static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.LastOrDefault()) ? values.LastOrDefault() : null;

    private static decimal? Amount(IQueryCollection query, string name, ValidationErrors errors)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount.Scale > 4 || amount > 100_000_000_000_000m)
        {
            errors.Add(name, "A non-negative amount with at most 4 decimals, e.g. 1500.50.");
            return null;
        }

        return amount;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
