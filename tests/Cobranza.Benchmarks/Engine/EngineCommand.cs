using System.Globalization;

namespace Cobranza.Benchmarks.Engine;

/// <summary><c>engine [fires=20000] [events=20000] [baselineCases=500]</c> or <c>engine selfcheck [cases=5] [logDir]</c> (see docs/benchmarks.md).</summary>
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

        await Task.CompletedTask;
        return 2;
    }

    private static int IntArg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
