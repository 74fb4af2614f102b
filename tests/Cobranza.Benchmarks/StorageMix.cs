using System.Globalization;
using System.Text.RegularExpressions;

namespace Cobranza.Benchmarks;

/// <summary>
/// One kind of storage request in a mix (e.g. a 2-operation batch on the instances table), how many of it a unit of
/// work (a case opened) costs, its average sizes and time, and one recorded example that a replay can issue again for
/// another unit by putting that unit's id where the example's (<see cref="ExampleUnitId"/>) is.
/// </summary>
public sealed record StorageMixEntry(
    string Key,
    double PerUnit,
    double RequestBytes,
    double ResponseBytes,
    double Order,
    StorageRequest Example,
    string? ExampleUnitId,
    IReadOnlyList<string> Resources,
    TimeSpan MeanElapsed)
{
    public string Service => Example.Service;

    public string Operation => Example.Operation;

    public string Resource => Example.Resource;
}

/// <summary>
/// The storage requests one unit of work costs, by kind, derived from what a <see cref="StorageRequestLog"/> recorded
/// while <c>units</c> units ran. Empty queue polls are left out: the listeners make them whether work runs or not.
/// </summary>
public sealed partial class StorageMix(IReadOnlyList<StorageMixEntry> entries, int units)
{
    public IReadOnlyList<StorageMixEntry> Entries { get; } = entries;

    public int Units { get; } = units;

    public double PerUnit => Entries.Sum(e => e.PerUnit);

    /// <summary>The mix of <paramref name="requests"/> made for <paramref name="units"/> units, whose ids (when given) are found in the examples.</summary>
    public static StorageMix Of(IReadOnlyList<StorageRequest> requests, int units, IReadOnlyCollection<string>? unitIds = null)
    {
        var entries = requests
            .Where(r => r.Operation != "receive (empty)")
            .GroupBy(KindOf)
            .Select(g => new StorageMixEntry(
                g.Key,
                (double)g.Count() / units,
                g.Average(r => (double)r.RequestBytes),
                g.Average(r => (double)r.ResponseBytes),
                g.Average(r => (double)r.Sequence),
                g.First(),
                UnitIdIn(g.First(), unitIds ?? []),
                g.Select(r => r.Resource).Distinct().Order(StringComparer.Ordinal).ToList(),
                TimeSpan.FromTicks((long)g.Average(r => r.Elapsed.Ticks))))
            .OrderBy(e => e.Order)
            .ToList();
        return new StorageMix(entries, units);
    }

    /// <summary>
    /// What makes two requests the same kind for a replay: service, operation and resource; for a point read whether it
    /// found the row, for a query its shape (string values masked), for a batch its operations, for a queue put its
    /// visibility delay.
    /// </summary>
    public static string KindOf(StorageRequest r)
    {
        var kind = $"{r.Service} {r.Operation} [{QueueFamily(r)}]";
        return r.Operation switch
        {
            "point read" => kind + (r.Status == 404 ? " miss" : " hit"),
            "query" => kind + " " + QueryShape(r.Query ?? ""),
            "batch" => kind + " " + string.Join('+', r.BatchOperations.GroupBy(o => o).Select(g => $"{g.Key}×{g.Count()}")),
            "put" when r.Service == "queue" => kind + " visible after " + QueryValue(r.Query, "visibilitytimeout") + " s",
            "delete" => kind + (r.Status == 404 ? " missing" : ""),
            _ => kind,
        };
    }

    /// <summary>Writes the mix as a markdown table, beside another (a replay's) when given.</summary>
    public void WriteTable(TextWriter report, string unit, StorageMix? replay = null, string replayUnit = "")
    {
        report.WriteLine(replay is null
            ? $"| request | per {unit} | request bytes |"
            : $"| request | per {unit} | per {replayUnit} | request bytes (app / raw) | mean ms (app / raw) |");
        report.WriteLine(replay is null ? "|---|---:|---:|" : "|---|---:|---:|---:|---:|");
        foreach (var entry in Entries)
        {
            var raw = replay?.Entries.FirstOrDefault(e => e.Key == entry.Key);
            report.WriteLine(replay is null
                ? Invariant($"| {entry.Key} | {entry.PerUnit:F3} | {entry.RequestBytes:F0} |")
                : Invariant($"| {entry.Key} | {entry.PerUnit:F3} | {raw?.PerUnit ?? 0:F3} | {entry.RequestBytes:F0} / {raw?.RequestBytes ?? 0:F0} | {entry.MeanElapsed.TotalMilliseconds:F1} / {raw?.MeanElapsed.TotalMilliseconds ?? 0:F1} |"));
        }

        foreach (var extra in replay?.Entries.Where(e => Entries.All(a => a.Key != e.Key)) ?? [])
        {
            report.WriteLine(Invariant($"| {extra.Key} (replay only) | 0 | {extra.PerUnit:F3} | — / {extra.RequestBytes:F0} | — / {extra.MeanElapsed.TotalMilliseconds:F1} |"));
        }

        report.WriteLine(replay is null
            ? Invariant($"| **all** | **{PerUnit:F3}** | |")
            : Invariant($"| **all** | **{PerUnit:F3}** | **{replay.PerUnit:F3}** | | |"));
    }

    /// <summary>The unit id that the request's keys, query or body name, if any (the case's invoice id).</summary>
    private static string? UnitIdIn(StorageRequest request, IReadOnlyCollection<string> unitIds)
    {
        var text = string.Join('\n', request.PartitionKey, request.RowKey, Uri.UnescapeDataString(request.Query ?? ""), System.Text.Encoding.UTF8.GetString(request.Body), QueueMessageText(request));
        return unitIds.FirstOrDefault(id => text.Contains(id, StringComparison.Ordinal));
    }

    /// <summary>A queue put's message, decoded (the app's messages are Base64, like the Functions queue trigger's).</summary>
    internal static string QueueMessageText(StorageRequest request)
    {
        if (request is not { Service: "queue", Operation: "put" })
        {
            return "";
        }

        var xml = System.Xml.Linq.XElement.Parse(System.Text.Encoding.UTF8.GetString(request.Body));
        var text = xml.Element("MessageText")?.Value ?? "";
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return text;
        }
    }

    internal static string QueryValue(string? query, string name) =>
        (query ?? "").Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault() ?? "";

    /// <summary>
    /// The table, or the queue family (the control queues "hub-control-00".."-03" are one: a replay spreads its puts over
    /// its own), or the container; a replay's own queues and containers (<see cref="RawStorageReplay.NamePrefix"/>) count as the app's.
    /// </summary>
    private static string QueueFamily(StorageRequest r)
    {
        var resource = r.Service is "queue" or "blob" && r.Resource.StartsWith(RawStorageReplay.NamePrefix, StringComparison.Ordinal)
            ? r.Resource[RawStorageReplay.NamePrefix.Length..]
            : r.Resource;
        return r.Service == "queue" ? ControlQueueNumber().Replace(resource, "-NN") : resource;
    }

    private static string QueryShape(string query) => string.Join(' ', new[] { "$filter", "$top", "$select" }
        .Select(name => (name, value: QueryValue(query, name)))
        .Where(p => p.value.Length > 0)
        .Select(p => $"{p.name}={QuotedValue().Replace(p.value, "'…'")}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex QuotedValue();

    [GeneratedRegex("-\\d+$")]
    private static partial Regex ControlQueueNumber();
}
