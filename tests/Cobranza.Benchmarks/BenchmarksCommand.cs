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
            case "engine":
                return await Engine.EngineCommand.RunAsync(args[1..], Console.Out);
            case "intake":
                await BatchIntakeThroughput.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000, Console.Out);
                return 0;
            case "memory":
                await WorkerMemory.RunAsync(
                    args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
                    args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000,
                    Console.Out);
                return 0;
            case "latency":
                await PaymentLatency.RunAsync(CommandArgs.Int(args, 1, 1000), CommandArgs.Int(args, 2, 100), CommandArgs.Int(args, 3, 30), CommandArgs.Int(args, 4, 30), Console.Out);
                return 0;
            case "scaleout":
                await ScaleOut.RunAsync(CommandArgs.Int(args, 1, 2000), args.Length > 2 ? args[2] : "1,2,4", Console.Out);
                return 0;
            case "timers": return await TimersCommand.RunAsync(args[1..]);
            case "console":
                await ConsolePageLoads.RunAsync(CommandArgs.Int(args, 1, 10_000), Console.Out);
                return 0;
            default:
                Console.Error.WriteLine("usage: Cobranza.Benchmarks transactions [cases] [idleSeconds]");
                Console.Error.WriteLine("       Cobranza.Benchmarks baseline-scan [open=2000] [raceCases=200] [idleSeconds=120]");
                Console.Error.WriteLine("       Cobranza.Benchmarks baseline-hangfire [jobs=1000] [leadSeconds=45]");
                Console.Error.WriteLine("       Cobranza.Benchmarks engine [fires] [events] [baselineCases] [Cobranza:Durable:Key=Value…] | engine selfcheck [cases] [logDir] | engine probe");
                Console.Error.WriteLine("       Cobranza.Benchmarks intake [cases=20000]");
                Console.Error.WriteLine("       Cobranza.Benchmarks memory [small=2000] [large=20000]");
                Console.Error.WriteLine("       Cobranza.Benchmarks latency [open=1000] [rate=100] [seconds=30] [stepSeconds=30]");
                Console.Error.WriteLine("       Cobranza.Benchmarks scaleout [cases=2000] [workers=1,2,4]");
                Console.Error.WriteLine("       Cobranza.Benchmarks timers [open=10000] [due=1000] [Cobranza:Durable:Setting=value ...]");
                Console.Error.WriteLine("       Cobranza.Benchmarks console [cases=10000]");
                return 2;
        }
    }
}
