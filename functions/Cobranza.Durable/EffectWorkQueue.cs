using System.Threading.Channels;

namespace Cobranza.Durable;

/// <summary>
/// An effect just committed, to be executed by this process. It carries the effect as committed (effects never change
/// once written), which spares a read of its row while no other worker can have taken it: until its recovery message
/// becomes visible, <see cref="DurableOptions.EffectRecoveryDelay"/> after <paramref name="CommittedAt"/>.
/// </summary>
internal sealed record EffectWork(string InstanceId, EffectRecord Effect, DateTimeOffset CommittedAt);

/// <summary>
/// Hands freshly committed effects from the command path to the <see cref="EffectDispatcher{TState}"/> without the two
/// depending on each other. While no dispatcher runs (worker disabled or stopped) effects are not queued here: the
/// recovery message written with the decision gets them executed by whichever worker receives it.
/// </summary>
internal sealed class EffectWorkQueue
{
    private readonly Channel<EffectWork> _channel = Channel.CreateUnbounded<EffectWork>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _accepting;

    public ChannelReader<EffectWork> Reader => _channel.Reader;

    public bool Accepting
    {
        get => _accepting;
        set => _accepting = value;
    }

    /// <summary>Queues the effects for execution here; false when no dispatcher runs (they wait for their recovery message).</summary>
    public bool TryEnqueue(string instanceId, IReadOnlyList<EffectRecord> effects, DateTimeOffset committedAt)
    {
        if (!_accepting)
        {
            return false;
        }

        foreach (var effect in effects)
        {
            _channel.Writer.TryWrite(new EffectWork(instanceId, effect, committedAt));
        }

        return true;
    }
}
