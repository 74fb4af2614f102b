namespace Cobranza.Messaging.Acs;

/// <summary>
/// Keeps this process under the ACS email quota (<see cref="AcsOptions.EmailsPerMinute"/>): one instance is shared by
/// every email send, and no 60-second span ever holds more sends than the quota. A send beyond it waits, in arrival
/// order and cancellably, until the oldest send in the window is a minute old.
/// </summary>
/// <remarks>
/// A sliding log rather than <c>System.Threading.RateLimiting</c>: the BCL limiters measure time with
/// <c>Stopwatch</c> even when replenished by hand, so they cannot follow an injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class AcsEmailThrottle : IDisposable
{
    /// <summary>The span the quota counts over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly int _emailsPerMinute;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _sentAt = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly ITimer _wakeUp;
    private bool _disposed;

    /// <summary>Allows <paramref name="emailsPerMinute"/> sends per minute, measured on <paramref name="time"/>.</summary>
    public AcsEmailThrottle(int emailsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(emailsPerMinute, 1);
        ArgumentNullException.ThrowIfNull(time);
        _emailsPerMinute = emailsPerMinute;
        _time = time;
        _wakeUp = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends waiting for the window to move on.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Waits until one more email may go out, and counts it as sent.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while waiting.</exception>
    public Task WaitForSendAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            Forget(now);

            // Only when nobody is queued: a newcomer must not overtake a send that has been waiting.
            if (_waiters.Count == 0 && _sentAt.Count < _emailsPerMinute)
            {
                _sentAt.Enqueue(now);
                return Task.CompletedTask;
            }

            var waiter = new Waiter();
            var node = _waiters.AddLast(waiter);
            waiter.Registration = cancellationToken.Register(() => Cancel(node, cancellationToken));
            ScheduleWakeUp(now);
            return waiter.Completion.Task;
        }
    }

    /// <summary>Stops the timer; sends still waiting fail as transient.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _wakeUp.Dispose();
            foreach (var waiter in _waiters)
            {
                waiter.Registration.Unregister();

                // Shutting down: the send is worth trying again later.
                waiter.Completion.TrySetException(
                    new MessageSendException("The ACS email throttle was shut down.", isTransient: true, retryAfter: Window));
            }

            _waiters.Clear();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            Forget(now);
            while (_waiters.First is { } first && _sentAt.Count < _emailsPerMinute)
            {
                _waiters.RemoveFirst();
                // Unregister, not Dispose: Dispose would wait for a running Cancel, which waits for this lock.
                first.Value.Registration.Unregister();
                if (first.Value.Completion.TrySetResult())
                {
                    _sentAt.Enqueue(now);
                }
            }

            ScheduleWakeUp(now);
        }
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
                node.Value.Completion.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (_sentAt.TryPeek(out var oldest) && oldest + Window <= now)
        {
            _sentAt.Dequeue();
        }
    }

    private void ScheduleWakeUp(DateTimeOffset now)
    {
        if (_waiters.Count > 0)
        {
            var due = _sentAt.TryPeek(out var oldest) ? oldest + Window - now : TimeSpan.Zero;
            _wakeUp.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private sealed class Waiter
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
