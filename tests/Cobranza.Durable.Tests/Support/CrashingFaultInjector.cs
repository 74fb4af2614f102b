using Cobranza.Durable;

namespace Cobranza.Durable.Tests.Support;

/// <summary>
/// Stands in for a process dying at <see cref="CrashAt"/>: the first time that point is reached it throws, and from
/// then on every point throws, since a dead process takes no further step. (In-process, so the harness's shutdown
/// still runs; the app's tests kill a real process instead.)
/// </summary>
public sealed class CrashingFaultInjector(DurableFaultPoint crashAt) : IDurableFaultInjector
{
    private int _crashed;

    public DurableFaultPoint CrashAt => crashAt;

    public bool HasCrashed => Volatile.Read(ref _crashed) == 1;

    public void Reached(DurableFaultPoint point, string instanceId)
    {
        if (HasCrashed || (point == crashAt && Interlocked.Exchange(ref _crashed, 1) == 0))
        {
            throw new InjectedCrashException(point, instanceId);
        }
    }
}

public sealed class InjectedCrashException(DurableFaultPoint point, string instanceId)
    : Exception($"Injected crash at {point} (instance {instanceId}).");
