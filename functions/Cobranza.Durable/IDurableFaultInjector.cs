namespace Cobranza.Durable;

/// <summary>
/// Told each time the runtime passes a <see cref="DurableFaultPoint"/>; a test implementation may throw or end the
/// process there. Registered as <see cref="NoDurableFaultInjector"/> unless the application registers its own first.
/// </summary>
public interface IDurableFaultInjector
{
    /// <summary>Called at <paramref name="point"/> while working on <paramref name="instanceId"/>.</summary>
    void Reached(DurableFaultPoint point, string instanceId);
}
