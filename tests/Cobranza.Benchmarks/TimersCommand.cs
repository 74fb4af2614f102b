using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>
/// <c>timers [open=10000] [due=1000] [Cobranza:Durable:Setting=value ...]</c>: runs <see cref="TimersAtScale"/>; the
/// settings after the two numbers are passed to the app's configuration (to measure a runtime option, e.g.
/// <c>Cobranza:Durable:MaxConcurrentEffects=32</c>).
/// </summary>
public static class TimersCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var open = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var due = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in args.Skip(2))
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Console.Error.WriteLine($"A setting is key=value, not '{setting}'.");
                return 2;
            }

            settings[setting[..equals]] = setting[(equals + 1)..];
        }

        await TimersAtScale.RunAsync(open, due, settings, Console.Out);
        return 0;
    }
}
