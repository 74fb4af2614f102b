using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>Positional arguments of the sub-commands.</summary>
public static class CommandArgs
{
    /// <summary>The whole number at <paramref name="index"/>, or <paramref name="fallback"/> when there is none.</summary>
    public static int Int(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
