namespace Cobranza.Durable;

/// <summary>
/// Lets this process wake its own queue listener when a message it enqueued becomes visible, so a timer due in one second
/// fires about a second later instead of after the idle backoff. A wake-up is only a hint: listeners also poll.
/// </summary>
internal sealed class ListenerWakeups : IDisposable
{
    // Queue visibility is whole seconds and the emulator's clock is not ours: look a little after the message is due.
    private static readonly TimeSpan _slack = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly SemaphoreSlim[] _signals;
    private readonly CancellationTokenSource _stopping = new();

    public ListenerWakeups(StorageLayout layout, TimeProvider time)
    {
        _time = time;
        _signals = Enumerable.Range(0, layout.Partitions).Select(_ => new SemaphoreSlim(0, 1)).ToArray();
    }

    /// <summary>Wakes the partition's listener now.</summary>
    public void Wake(int partition)
    {
        var signal = _signals[partition];
        lock (signal)
        {
            // At most one pending wake-up: the listener receives a whole batch when it wakes.
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Wakes the partition's listener when a message sent now with <paramref name="visibilityDelay"/> becomes visible.</summary>
    public void WakeAfter(int partition, TimeSpan visibilityDelay)
    {
        if (visibilityDelay <= TimeSpan.Zero)
        {
            Wake(partition);
            return;
        }

        _ = WakeLaterAsync(partition, visibilityDelay + _slack);
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> passed; true when woken.</summary>
    public async Task<bool> WaitAsync(int partition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _signals[partition].WaitAsync(cts.Token);
        var delay = Task.Delay(timeout, _time, cts.Token);
        var first = await Task.WhenAny(woken, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // The semaphore may have been taken just as the delay ended: then the wake-up counts too.
        return first == woken || woken.IsCompletedSuccessfully;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }

    private async Task WakeLaterAsync(int partition, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            Wake(partition);
        }
        catch (OperationCanceledException)
        {
            // Disposed while waiting: no listener is left to wake.
        }
        catch (ObjectDisposedException)
        {
            // Same: the process is shutting down.
        }
    }
}
