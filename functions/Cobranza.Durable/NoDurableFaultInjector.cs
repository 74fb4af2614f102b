namespace Cobranza.Durable;

/// <summary>The default <see cref="IDurableFaultInjector"/>: does nothing (a production process never injects faults).</summary>
public sealed class NoDurableFaultInjector : IDurableFaultInjector
{
    /// <summary>The one instance; callers compare with it to skip work done only to report a point.</summary>
    public static readonly NoDurableFaultInjector Instance = new();

    private NoDurableFaultInjector()
    {
    }

    /// <inheritdoc />
    public void Reached(DurableFaultPoint point, string instanceId)
    {
    }
}
