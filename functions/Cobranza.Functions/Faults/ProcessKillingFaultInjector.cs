using System.Diagnostics;
using Cobranza.Durable;

namespace Cobranza.Functions.Faults;

/// <summary>
/// Kills this process with SIGKILL the <see cref="CrashAtSetting.AfterHits"/>-th time the runtime reaches
/// <see cref="CrashAtSetting.Point"/>: no shutdown, no finally blocks, no flushing, as a power cut or an OOM kill would.
/// (<see cref="Environment.Exit(int)"/> would run shutdown handlers and let the host stop its workers gracefully.)
/// </summary>
public sealed class ProcessKillingFaultInjector(CrashAtSetting crashAt) : IDurableFaultInjector
{
    private int _hits;

    public void Reached(DurableFaultPoint point, string instanceId)
    {
        if (point != crashAt.Point || Interlocked.Increment(ref _hits) != crashAt.AfterHits)
        {
            return;
        }

        // Written straight to stderr: the console logger writes from a queue on a background thread, which the kill
        // would cut off before the line is out.
        Console.Error.WriteLine($"crit: Cobranza.Functions.Faults[0]{Environment.NewLine}      Fault injection: killing the process at {point} (hit {crashAt.AfterHits}) for instance {instanceId}");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        throw new UnreachableException("The process survived being killed for fault injection.");
    }
}
