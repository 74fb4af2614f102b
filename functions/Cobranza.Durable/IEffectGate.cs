namespace Cobranza.Durable;

/// <summary>
/// The last check before an effect does what cannot be undone (a message leaving for the debtor). Entering holds the
/// instance so that no command of it commits in this process until the pass is disposed, and gives the instance's
/// latest state: the state the executor was given if this process has committed nothing newer since, else a fresh read.
/// The executor checks that the effect is still wanted on <see cref="EffectGatePass{TState}.State"/>, acts, and disposes
/// the pass at once (the effect's own completion waits for it). It must not send commands while holding the pass.
/// </summary>
public interface IEffectGate<TState> where TState : class
{
    /// <summary>Enters the gate of <paramref name="instanceId"/> with the state the executor decided on.</summary>
    Task<EffectGatePass<TState>> EnterAsync(string instanceId, TState decidedOn, CancellationToken cancellationToken);
}

/// <summary>Held while an effect does its irreversible part; <see cref="State"/> is null when the instance is gone.</summary>
public sealed class EffectGatePass<TState>(TState? state, IDisposable hold) : IDisposable where TState : class
{
    /// <summary>The instance's latest state as this process knows it.</summary>
    public TState? State { get; } = state;

    public void Dispose() => hold.Dispose();
}
