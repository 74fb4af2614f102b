using System.Globalization;
using Cobranza.Durable;

namespace Cobranza.Functions.Hosting.Triggers;

/// <summary>
/// The app's non-HTTP Azure Functions: their names (the host POSTs to <c>/{name}</c>), binding names and the
/// function.json each one has in the package (infra/package: the csproj's <c>WriteHostFunctionDefinitions</c> target
/// writes the same files at publish). One place, so the app, the package and its checks agree.
/// </summary>
public static class HostFunctions
{
    /// <summary>The timer function that moves due timers from the timers table onto the control queues.</summary>
    public const string SweepTimers = "SweepTimers";

    /// <summary>Its schedule (NCRONTAB with seconds): every minute, the default <see cref="DurableOptions.TimerSweepInterval"/>.</summary>
    public const string SweepSchedule = "0 */1 * * * *";

    /// <summary>Prefix of the queue functions, one per control queue: <c>ControlQueue00</c>…</summary>
    public const string ControlQueuePrefix = "ControlQueue";

    /// <summary>The queue function of the ACS events queue (<c>Cobranza:Acs:EventsQueue</c>), present only when that is set.</summary>
    public const string AcsEvents = "AcsEvents";

    /// <summary>The binding name of the queue message in Data.</summary>
    public const string MessageBinding = "message";

    /// <summary>The binding name of the timer information in Data.</summary>
    public const string TimerBinding = "timer";

    /// <summary>The connection setting the queue triggers use (identity-based: <c>AzureWebJobsStorage__queueServiceUri</c> etc.).</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>The name of the function of a partition's control queue.</summary>
    public static string ControlQueue(int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{ControlQueuePrefix}{partition:D2}");

    /// <summary>Every non-HTTP function of a layout, with the queue it listens to (null for the timer).</summary>
    public static IReadOnlyList<(string Name, string? Queue)> All(StorageLayout layout) =>
        [(SweepTimers, null), .. Enumerable.Range(0, layout.Partitions).Select(p => (ControlQueue(p), (string?)layout.ControlQueue(p)))];
}
