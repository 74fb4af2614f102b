using Azure;

namespace Cobranza.Durable;

/// <summary>
/// The latest state-row ETag this process committed, for instances whose just-committed effects are running here.
/// An effect about to run can then tell whether the state it was committed with is still the newest this process knows
/// of, and skip reading it. Only watched instances are tracked (while their effects run), so this stays small.
/// </summary>
internal sealed class LocalCommits
{
    private readonly Dictionary<string, Entry> _watched = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Starts watching <paramref name="instanceId"/> for effects committed with <paramref name="committed"/> (watches nest).</summary>
    public void Watch(string instanceId, ETag committed)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(instanceId, out var entry))
            {
                entry.Latest = committed;
                entry.Watchers++;
            }
            else
            {
                _watched[instanceId] = new Entry { Latest = committed, Watchers = 1 };
            }
        }
    }

    /// <summary>Notes a commit of the instance's state row by this process (ignored unless the instance is watched).</summary>
    public void Committed(string instanceId, ETag etag)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(instanceId, out var entry))
            {
                entry.Latest = etag;
            }
        }
    }

    /// <summary>True when <paramref name="etag"/> is the last commit of the instance this process made while watching it.</summary>
    public bool IsLatest(string instanceId, ETag etag)
    {
        lock (_gate)
        {
            return _watched.TryGetValue(instanceId, out var entry) && entry.Latest == etag;
        }
    }

    /// <summary>Ends one <see cref="Watch"/>.</summary>
    public void Unwatch(string instanceId)
    {
        lock (_gate)
        {
            if (_watched.TryGetValue(instanceId, out var entry) && --entry.Watchers <= 0)
            {
                _watched.Remove(instanceId);
            }
        }
    }

    private sealed class Entry
    {
        public ETag Latest;
        public int Watchers;
    }
}
