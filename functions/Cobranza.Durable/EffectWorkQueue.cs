using System.Threading.Channels;

namespace Cobranza.Durable;

/// <summary>An effect just committed, to be executed by this process.</summary>
internal sealed record EffectWork(string InstanceId, string EffectId);

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
    public bool TryEnqueue(string instanceId, IReadOnlyList<EffectRecord> effects)
    {
        if (!_accepting)
        {
            return false;
        }

        foreach (var effect in effects)
        {
            _channel.Writer.TryWrite(new EffectWork(instanceId, effect.Id));
        }

        return true;
    }
}
