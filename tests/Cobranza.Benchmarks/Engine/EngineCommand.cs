using System.Globalization;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// <c>engine [fires=20000] [events=20000] [baselineCases=500] [Cobranza:Durable:Key=Value…]</c>, <c>engine selfcheck [cases=5] [logDir]</c>
/// or <c>engine probe</c> (the storage probes on the in-memory storage alone); see docs/benchmarks.md.
/// </summary>
public static class EngineCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter report)
    {
        if (args.FirstOrDefault() == "selfcheck")
        {
            return await EngineSelfCheck.RunAsync(IntArg(args, 1, 5), args.ElementAtOrDefault(2), report);
        }

        if (args.FirstOrDefault() == "probe")
        {
            await using var memory = BenchmarkStorage.InMemoryStorage();
            foreach (var line in await StorageProbe.RunAsync(memory))
            {
                report.WriteLine(line);
            }

            return 0;
        }

        var numbers = args.Where(a => !a.Contains('=', StringComparison.Ordinal)).ToArray();
        var overrides = args.Where(a => a.Contains('=', StringComparison.Ordinal))
            .Select(a => a.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => (string?)kv[1]);
        await EngineOverhead.RunAsync(IntArg(numbers, 0, 20_000), IntArg(numbers, 1, 20_000), IntArg(numbers, 2, 500), overrides, report);
        return 0;
    }

    private static int IntArg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
