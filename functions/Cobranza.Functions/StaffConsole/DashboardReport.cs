using System.Globalization;
using Cobranza.Domain;
using Cobranza.Functions.Projections;

namespace Cobranza.Functions.StaffConsole;

public sealed record AgingBalance(string Currency, string Bucket, decimal Balance, long Cases);
public sealed record StateCount(string State, long Count);
public sealed record MonthlyRecovery(string Month, string Currency, decimal Opened, decimal Collected, decimal? Rate);
public sealed record PromiseOutcomes(long Kept, long Broken, long Open);
public sealed record MessageCount(string Channel, string Status, long Count);
public sealed record HandoffCount(string To, long Count);
public sealed record DsoNote(bool Available, string Reason);

/// <summary>The portfolio dashboard (<c>GET /api/dashboard</c>); see the README's Console section for each definition.</summary>
public sealed record DashboardReport(
    DateTimeOffset AsOf,
    IReadOnlyList<AgingBalance> OpenBalanceByAging,
    IReadOnlyList<StateCount> CasesByState,
    IReadOnlyList<MonthlyRecovery> RecoveryByMonth,
    PromiseOutcomes Promises,
    IReadOnlyList<MessageCount> Messages,
    IReadOnlyList<HandoffCount> Handoffs,
    decimal AverageDaysDelinquent,
    DsoNote Dso)
{
    public static readonly DsoNote NoDso = new(false, "DSO needs credit sales, which Cobranza does not receive.");

    /// <summary>Builds the report from the summed counters, bucketing open balances by due date as of <paramref name="asOf"/>. Pure.</summary>
    public static DashboardReport From(IReadOnlyDictionary<string, CellValue> cells, DateTimeOffset asOf)
    {
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var byKind = cells.Select(c => (Parts: c.Key.Split('|'), c.Value)).ToLookup(c => c.Parts[0]);

        var aging = new Dictionary<(string Currency, string Bucket), CellValue>();
        decimal pastDueDays = 0;
        long pastDueCases = 0;
        foreach (var (parts, value) in byKind[DashboardCells.OpenBalance])
        {
            var dueOn = DateOnly.ParseExact(parts[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            var days = AgingBuckets.DaysOverdue(dueOn, today);
            var key = (parts[1], AgingBuckets.Of(days));
            aging[key] = aging.GetValueOrDefault(key) + value;
            if (days > 0)
            {
                pastDueDays += days * value.Count;
                pastDueCases += value.Count;
            }
        }

        var openBalance = aging.Keys.Select(k => k.Currency).Distinct().Order(StringComparer.Ordinal)
            .SelectMany(currency => AgingBuckets.All.Select(bucket =>
            {
                var value = aging.GetValueOrDefault((currency, bucket));
                return new AgingBalance(currency, bucket, value.Amount, value.Count);
            }))
            .ToList();

        var states = Enum.GetValues<CaseState>().Select(s => new StateCount(Wire.Name(s), Count(cells, $"{DashboardCells.State}|{Wire.Name(s)}"))).ToList();

        var opened = byKind[DashboardCells.Opened].ToDictionary(c => (c.Parts[1], c.Parts[2]), c => c.Value.Amount);
        var collected = byKind[DashboardCells.Collected].ToDictionary(c => (c.Parts[1], c.Parts[2]), c => c.Value.Amount);
        var recovery = opened.Keys.Union(collected.Keys)
            .OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
            .Select(k =>
            {
                var (o, c) = (opened.GetValueOrDefault(k), collected.GetValueOrDefault(k));
                return new MonthlyRecovery(k.Item1, k.Item2, o, c, o == 0 ? null : decimal.Round(c / o, 4));
            })
            .Where(r => r.Opened != 0 || r.Collected != 0)
            .ToList();

        var promises = new PromiseOutcomes(
            Count(cells, $"{DashboardCells.Promise}|{PaymentPromise.Kept}"),
            Count(cells, $"{DashboardCells.Promise}|{PaymentPromise.Broken}"),
            Count(cells, $"{DashboardCells.Promise}|{DashboardCells.PromiseOpen}"));

        var messages = byKind[DashboardCells.Message].Where(c => c.Value.Count != 0)
            .Select(c => new MessageCount(c.Parts[1], c.Parts[2], c.Value.Count))
            .OrderBy(m => m.Channel, StringComparer.Ordinal).ThenBy(m => m.Status, StringComparer.Ordinal).ToList();

        var handoffs = byKind[DashboardCells.Handoff].Where(c => c.Value.Count != 0)
            .Select(c => new HandoffCount(c.Parts[1], c.Value.Count)).OrderBy(h => h.To, StringComparer.Ordinal).ToList();

        var average = pastDueCases == 0 ? 0 : decimal.Round(pastDueDays / pastDueCases, 2);
        return new DashboardReport(asOf, openBalance, states, recovery, promises, messages, handoffs, average, NoDso);
    }

    private static long Count(IReadOnlyDictionary<string, CellValue> cells, string key) => cells.GetValueOrDefault(key).Count;

    /// <summary>The tables the dashboard exports as CSV (<c>table=</c>).</summary>
    public static readonly IReadOnlyList<string> Tables = ["openBalanceByAging", "casesByState", "recoveryByMonth", "promises", "messages", "handoffs"];

    /// <summary>One table as a header and rows.</summary>
    public (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Table(string name) => name switch
    {
        "openBalanceByAging" => (["currency", "bucket", "balance", "cases"], OpenBalanceByAging.Select(r => (IReadOnlyList<object?>)[r.Currency, r.Bucket, r.Balance, r.Cases]).ToList()),
        "casesByState" => (["state", "count"], CasesByState.Select(r => (IReadOnlyList<object?>)[r.State, r.Count]).ToList()),
        "recoveryByMonth" => (["month", "currency", "opened", "collected", "rate"], RecoveryByMonth.Select(r => (IReadOnlyList<object?>)[r.Month, r.Currency, r.Opened, r.Collected, r.Rate]).ToList()),
        "promises" => (["outcome", "count"], [["kept", Promises.Kept], ["broken", Promises.Broken], ["open", Promises.Open]]),
        "messages" => (["channel", "status", "count"], Messages.Select(r => (IReadOnlyList<object?>)[r.Channel, r.Status, r.Count]).ToList()),
        "handoffs" => (["to", "count"], Handoffs.Select(r => (IReadOnlyList<object?>)[r.To, r.Count]).ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a dashboard table."),
    };
}
