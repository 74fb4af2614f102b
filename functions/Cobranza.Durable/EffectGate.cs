using System.Runtime.CompilerServices;
using Azure;

namespace Cobranza.Durable;

/// <summary>
/// <see cref="IEffectGate{TState}"/> on the instance lock of this process. The dispatcher registers each state it hands
/// an executor with the ETag it was committed or read with; the gate trusts that state while <see cref="LocalCommits"/>
/// says this process has committed nothing newer, and reads the state otherwise (or when it does not know the state).
/// Commands from other processes are not held: a payment that reaches another instance of the app between the check
/// and the send is not seen, as with any read before a send.
/// </summary>
internal sealed class EffectGate<TState>(KeyedAsyncLock locks, LocalCommits commits, InstanceStore<TState> store) : IEffectGate<TState>
    where TState : class
{
    private readonly ConditionalWeakTable<TState, StrongBox<ETag>> _etags = [];

    /// <summary>Remembers the ETag <paramref name="state"/> was committed with, for an executor about to get it.</summary>
    public void Register(TState state, ETag etag) => _etags.AddOrUpdate(state, new StrongBox<ETag>(etag));

    public async Task<EffectGatePass<TState>> EnterAsync(string instanceId, TState decidedOn, CancellationToken cancellationToken)
    {
        var hold = await locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _etags.TryGetValue(decidedOn, out var etag) && commits.IsLatest(instanceId, etag.Value)
                ? decidedOn
                : (await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false))?.State;
            return new EffectGatePass<TState>(current, hold);
        }
        catch
        {
            hold.Dispose();
            throw;
        }
    }
}
