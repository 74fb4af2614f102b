using System.Threading.Channels;

namespace Cobranza.Durable;

/// <summary>
/// Effects just committed together, to be executed by this process. They carry the effects as committed (effects never
/// change once written), which spares reading their rows while no other worker can have taken them, and the state row
/// as committed (null when its ETag is unknown), which spares reading the state while this process has not changed it
/// since.
/// </summary>
internal sealed record CommittedEffects<TState>(
    string InstanceId, IReadOnlyList<EffectRecord> Effects, StoredInstance<TState>? State, DateTimeOffset CommittedAt) where TState : class
{
    private int _unfinished = Effects.Count;

    /// <summary>Counts one effect finished; true for the last one.</summary>
    public bool FinishOne() => Interlocked.Decrement(ref _unfinished) == 0;
}

/// <summary>One effect of a <see cref="CommittedEffects{TState}"/>.</summary>
internal sealed record EffectWork<TState>(CommittedEffects<TState> Commit, EffectRecord Effect) where TState : class
{
    public string InstanceId => Commit.InstanceId;
}

/// <summary>
/// Hands freshly committed effects from the command path to the <see cref="EffectDispatcher{TState}"/> without the two
/// depending on each other. While no dispatcher runs (worker disabled or stopped) effects are not queued here: the
/// recovery message written with the decision gets them executed by whichever worker receives it.
/// </summary>
internal sealed class EffectWorkQueue<TState> where TState : class
{
    private readonly Channel<EffectWork<TState>> _channel = Channel.CreateUnbounded<EffectWork<TState>>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _accepting;

    public ChannelReader<EffectWork<TState>> Reader => _channel.Reader;

    public bool Accepting
    {
        get => _accepting;
        set => _accepting = value;
    }

    /// <summary>Queues the effects for execution here; false when no dispatcher runs (they wait for their recovery message).</summary>
    public bool TryEnqueue(CommittedEffects<TState> committed)
    {
        if (!_accepting)
        {
            return false;
        }

        foreach (var effect in committed.Effects)
        {
            _channel.Writer.TryWrite(new EffectWork<TState>(committed, effect));
        }

        return true;
    }
}
