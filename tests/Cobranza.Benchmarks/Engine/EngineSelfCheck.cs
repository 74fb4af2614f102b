using System.Globalization;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// <c>engine selfcheck [cases=5] [logDir]</c>: runs the <see cref="SelfCheckScenario"/> on Azurite and on the in-memory
/// storage and prints both side by side: the API's answers must be identical, and so must the storage requests by
/// operation and status, up to timing (empty polls, and the few requests whose number depends on which of two
/// concurrent paths wins). Exit code 1 when an answer differs.
/// </summary>
public static class EngineSelfCheck
{
    public static async Task<int> RunAsync(int cases, string? logDirectory, TextWriter report)
    {
        if (logDirectory is not null)
        {
            Directory.CreateDirectory(logDirectory);
        }

        SelfCheckOutcome azurite;
        IReadOnlyList<string> azuriteProbes;
        await using (var storage = await BenchmarkStorage.StartAzuriteAsync())
        {
            azuriteProbes = await StorageProbe.RunAsync(storage);
            azurite = await SelfCheckScenario.RunAsync(storage, cases, logDirectory is null ? null : Path.Combine(logDirectory, "azurite.log"));
        }

        await using var memory = BenchmarkStorage.InMemoryStorage();
        var memoryProbes = await StorageProbe.RunAsync(memory);
        var inMemory = await SelfCheckScenario.RunAsync(memory, cases, logDirectory is null ? null : Path.Combine(logDirectory, "in-memory.log"));

        report.WriteLine("Storage probes (direct SDK calls):");
        report.WriteLine();
        report.WriteLine("| probe: azurite | in-memory |");
        report.WriteLine("|---|---|");
        var probeDifferences = 0;
        for (var i = 0; i < Math.Max(azuriteProbes.Count, memoryProbes.Count); i++)
        {
            var (a, m) = (azuriteProbes.ElementAtOrDefault(i) ?? "", memoryProbes.ElementAtOrDefault(i) ?? "");
            probeDifferences += a == m ? 0 : 1;
            report.WriteLine($"| {a} | {(a == m ? "same" : m)} |");
        }

        report.WriteLine();

        report.WriteLine($"Self-check, {cases} cases, on Azurite and on the in-memory storage:");
        report.WriteLine();
        report.WriteLine("| API answer | azurite | in-memory |");
        report.WriteLine("|---|---|---|");
        var differing = 0;
        for (var i = 0; i < Math.Max(azurite.Answers.Count, inMemory.Answers.Count); i++)
        {
            var (a, m) = (azurite.Answers.ElementAtOrDefault(i) ?? "", inMemory.Answers.ElementAtOrDefault(i) ?? "");
            if (a != m)
            {
                differing++;
            }

            // Repeated identical answers (one per case) are shown once.
            if (i > 0 && a == azurite.Answers[i - 1] && m == inMemory.Answers.ElementAtOrDefault(i - 1))
            {
                continue;
            }

            report.WriteLine($"| {a} | {(a == m ? "same" : m)} | ");
        }

        WriteSideBySide(report, "storage requests by operation", azurite.Transactions, inMemory.Transactions);
        WriteSideBySide(report, "storage answers by request and status", azurite.Statuses, inMemory.Statuses);
        report.WriteLine();
        report.WriteLine($"Probes: {probeDifferences} of {azuriteProbes.Count} differ. API answers: {differing} of {azurite.Answers.Count} differ.");
        return differing == 0 ? 0 : 1;
    }

    private static void WriteSideBySide(TextWriter report, string title, IReadOnlyDictionary<string, long> azurite, IReadOnlyDictionary<string, long> inMemory)
    {
        report.WriteLine();
        report.WriteLine($"| {title} | azurite | in-memory |");
        report.WriteLine("|---|---:|---:|");
        foreach (var key in azurite.Keys.Union(inMemory.Keys).Order(StringComparer.Ordinal))
        {
            var (a, m) = (azurite.GetValueOrDefault(key), inMemory.GetValueOrDefault(key));
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {a} | {m}{(a == m ? "" : " ≠")} |"));
        }
    }
}
