using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary><c>dotnet run -c Release --project tests/Cobranza.Benchmarks -- transactions [cases=100] [idleSeconds=60]</c> (see docs/benchmarks.md).</summary>
public static class BenchmarksCommand
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "transactions":
                var cases = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
                var idle = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60);
                await LifecycleTransactions.RunAsync(cases, idle, Console.Out);
                return 0;
            case "baseline-scan":
                await Baselines.ScanBaseline.RunAsync(args[1..], Console.Out);
                return 0;
            case "baseline-hangfire":
                await Baselines.HangfireBaseline.RunAsync(args[1..], Console.Out);
                return 0;
            case "timers": return await TimersCommand.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("usage: Cobranza.Benchmarks transactions [cases] [idleSeconds]");
                Console.Error.WriteLine("       Cobranza.Benchmarks baseline-scan [open=2000] [raceCases=200] [idleSeconds=120]");
                Console.Error.WriteLine("       Cobranza.Benchmarks baseline-hangfire [jobs=1000] [leadSeconds=45]");
                Console.Error.WriteLine("       Cobranza.Benchmarks timers [open=10000] [due=1000] [Cobranza:Durable:Setting=value ...]");
                return 2;
        }
    }
}
