using Cobranza.Durable;

namespace Cobranza.Functions.Faults;

/// <summary>
/// Where a test wants this process to die: <c>Cobranza:Durable:FaultInjection:CrashAt</c> names a
/// <see cref="DurableFaultPoint"/>, <c>…:AfterHits</c> (default 1) says on which time that point is reached.
/// </summary>
public sealed record CrashAtSetting(DurableFaultPoint Point, int AfterHits)
{
    public const string CrashAtKey = "Cobranza:Durable:FaultInjection:CrashAt";
    public const string AfterHitsKey = "Cobranza:Durable:FaultInjection:AfterHits";

    /// <summary>
    /// The configured crash point, or null when none is set. A value that names no point (or a number) or a count below
    /// 1 throws, so that a mistyped setting refuses to start instead of silently testing nothing.
    /// </summary>
    public static CrashAtSetting? Read(IConfiguration configuration)
    {
        var crashAt = configuration[CrashAtKey];
        var afterHits = configuration[AfterHitsKey];
        if (string.IsNullOrWhiteSpace(crashAt))
        {
            if (!string.IsNullOrWhiteSpace(afterHits))
            {
                throw new InvalidOperationException($"{AfterHitsKey} is set ('{afterHits}') but {CrashAtKey} is not; set both or neither.");
            }

            return null;
        }

        var names = Enum.GetNames<DurableFaultPoint>();
        var name = names.FirstOrDefault(n => n.Equals(crashAt.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{CrashAtKey} is '{crashAt}', which is no fault point; use one of {string.Join(", ", names)}.");

        var hits = 1;
        if (!string.IsNullOrWhiteSpace(afterHits)
            && (!int.TryParse(afterHits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hits) || hits < 1))
        {
            throw new InvalidOperationException($"{AfterHitsKey} must be a whole number of at least 1; it is '{afterHits}'.");
        }

        return new CrashAtSetting(Enum.Parse<DurableFaultPoint>(name), hits);
    }
}
