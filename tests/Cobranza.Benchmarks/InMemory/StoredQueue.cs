namespace Cobranza.Benchmarks.InMemory;

/// <summary>A message as the queue holds it; every receive or update gives it a new pop receipt.</summary>
internal sealed class StoredMessage(string id, string text, DateTimeOffset insertedAt, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;

    public string Text { get; set; } = text;

    public DateTimeOffset InsertedAt { get; } = insertedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset VisibleAt { get; set; }

    public string PopReceipt { get; set; } = NewPopReceipt();

    public int DequeueCount { get; set; }

    /// <summary>Bumped whenever <see cref="VisibleAt"/> changes, so that stale entries in the visibility order are skipped.</summary>
    public long Version { get; set; }

    public bool Deleted { get; set; }

    public static string NewPopReceipt() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());
}

/// <summary>A message as one receive saw it.</summary>
internal sealed record ReceivedMessage(string Id, string Text, DateTimeOffset InsertedAt, DateTimeOffset ExpiresAt, DateTimeOffset VisibleAt, string PopReceipt, int DequeueCount);

/// <summary>
/// One queue: messages by id, and a priority queue by visibility time (then arrival), so that a receive takes the
/// visible messages first in, without scanning invisible ones. One lock per queue.
/// </summary>
internal sealed class StoredQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredMessage> _messages = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(StoredMessage Message, long Version), (long VisibleTicks, long Sequence)> _byVisibility = new();
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    public StoredMessage Put(string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, DateTimeOffset now)
    {
        var expiresAt = timeToLive is { } ttl ? now + ttl : DateTimeOffset.MaxValue;
        var message = new StoredMessage(Guid.NewGuid().ToString(), text, now, expiresAt) { VisibleAt = now + visibilityDelay };
        lock (_gate)
        {
            _messages[message.Id] = message;
            Schedule(message);
        }

        return message;
    }

    /// <summary>Up to <paramref name="count"/> visible messages, made invisible for <paramref name="visibilityTimeout"/>; as they were then.</summary>
    public List<ReceivedMessage> Receive(int count, TimeSpan visibilityTimeout, DateTimeOffset now)
    {
        var received = new List<ReceivedMessage>();
        lock (_gate)
        {
            while (received.Count < count && _byVisibility.TryPeek(out var entry, out var due) && due.VisibleTicks <= now.UtcTicks)
            {
                _byVisibility.Dequeue();
                var message = entry.Message;
                if (message.Deleted || message.Version != entry.Version)
                {
                    continue;
                }

                if (message.ExpiresAt <= now)
                {
                    Remove(message);
                    continue;
                }

                message.DequeueCount++;
                message.PopReceipt = StoredMessage.NewPopReceipt();
                message.VisibleAt = now + visibilityTimeout;
                Schedule(message);
                received.Add(new ReceivedMessage(message.Id, message.Text, message.InsertedAt, message.ExpiresAt, message.VisibleAt, message.PopReceipt, message.DequeueCount));
            }
        }

        return received;
    }

    /// <summary>False when no message has this id and pop receipt (deleted, or received again since).</summary>
    public bool Delete(string id, string popReceipt)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var message) || message.PopReceipt != popReceipt)
            {
                return false;
            }

            Remove(message);
            return true;
        }
    }

    /// <summary>A new visibility time (and text, if given) for a received message; its new pop receipt, or null as for <see cref="Delete"/>.</summary>
    public (string PopReceipt, DateTimeOffset VisibleAt)? Update(string id, string popReceipt, TimeSpan visibilityTimeout, string? text, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var message) || message.PopReceipt != popReceipt)
            {
                return null;
            }

            if (text is not null)
            {
                message.Text = text;
            }

            message.PopReceipt = StoredMessage.NewPopReceipt();
            message.VisibleAt = now + visibilityTimeout;
            Schedule(message);
            return (message.PopReceipt, message.VisibleAt);
        }
    }

    private void Schedule(StoredMessage message)
    {
        message.Version++;
        _byVisibility.Enqueue((message, message.Version), (message.VisibleAt.UtcTicks, _sequence++));
    }

    private void Remove(StoredMessage message)
    {
        message.Deleted = true;
        _messages.Remove(message.Id);
    }
}
