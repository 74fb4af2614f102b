using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Executes effects at least once: reload the state, run the executor outside the instance lock, then apply its
/// completion command and delete the effect row in one ETag-guarded transaction. Effects just committed by this
/// process get <see cref="DurableOptions.EffectMaxAttemptsInProcess"/> attempts with backoff; what still fails is left
/// to the recovery message. A second request for an effect already running here joins it instead of running it twice.
/// </summary>
internal sealed class EffectDispatcher<TState>(
    IEffectExecutor<TState> executor,
    InstanceStore<TState> store,
    InstanceProcessor<TState> processor,
    EffectWorkQueue work,
    IDurableFaultInjector faults,
    IOptions<DurableOptions> options,
    TimeProvider time,
    ILogger<EffectDispatcher<TState>> logger) : IEffectDispatcher where TState : class
{
    private readonly ConcurrentDictionary<(string InstanceId, string EffectId), Lazy<Task<bool>>> _inFlight = new();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentEffects, options.Value.MaxConcurrentEffects);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <inheritdoc />
    public void Start(CancellationToken stoppingToken)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        work.Accepting = true;
        _loop = RunLoopAsync(_stopping.Token);
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        // Effects still running are cancelled and stay pending: their recovery message finishes them.
        work.Accepting = false;
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_inFlight.Values.Select(v => v.Value)).ConfigureAwait(false);
        _stopping.Dispose();
        _stopping = null;
    }

    /// <inheritdoc />
    public async Task<bool> RunPendingAsync(string instanceId, CancellationToken cancellationToken)
    {
        var ids = await store.LoadPendingEffectIdsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var results = await Task.WhenAll(ids.Select(id => RunAsync(instanceId, id, committed: null, attempts: 1, cancellationToken))).ConfigureAwait(false);
        return results.All(done => done);
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                _ = RunInSlotAsync(item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Effect dispatcher stopped");
        }
    }

    private async Task RunInSlotAsync(EffectWork item, CancellationToken stoppingToken)
    {
        try
        {
            // Waited long (slots busy) and its recovery message may be near: read the row as any other worker would.
            var committed = time.GetUtcNow() - item.CommittedAt < options.Value.EffectRecoveryDelay / 2 ? item.Effect : null;
            await RunAsync(item.InstanceId, item.Effect.Id, committed, options.Value.EffectMaxAttemptsInProcess, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Runs one effect (or joins the run already under way here); true when it is done, false when it is left pending.</summary>
    private Task<bool> RunAsync(string instanceId, string effectId, EffectRecord? committed, int attempts, CancellationToken cancellationToken)
    {
        var key = (instanceId, effectId);
        var run = _inFlight.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => RunWithRetriesAsync(instanceId, effectId, committed, attempts, cancellationToken)));
        return ForgetWhenDoneAsync(key, run);
    }

    private async Task<bool> ForgetWhenDoneAsync((string, string) key, Lazy<Task<bool>> run)
    {
        try
        {
            return await run.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<(string, string), Lazy<Task<bool>>>(key, run));
        }
    }

    private async Task<bool> RunWithRetriesAsync(string instanceId, string effectId, EffectRecord? committed, int attempts, CancellationToken cancellationToken)
    {
        // Leave the caller's synchronous context at once: the run is shared through _inFlight.
        await Task.Yield();
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                // Only the first attempt trusts the committed record: a retry reads the row, which another worker may have finished.
                await ExecuteOnceAsync(instanceId, effectId, attempt == 1 ? committed : null, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Effect {EffectId} of instance {InstanceId} interrupted by shutdown; left to its recovery message", effectId, instanceId);
                return false;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Effect {EffectId} of instance {InstanceId} failed (attempt {Attempt} of {Attempts})", effectId, instanceId, attempt, attempts);
                if (attempt < attempts)
                {
                    if (!await DelayAsync(RetryBackoff(attempt), cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Runs the effect against the instance's current state (always read: what happened since the commit, a payment for
    /// one, decides whether a message still goes out). The effect's row is read unless this process has just committed it.
    /// </summary>
    private async Task ExecuteOnceAsync(string instanceId, string effectId, EffectRecord? committed, CancellationToken cancellationToken)
    {
        var stateTask = store.LoadAsync(instanceId, cancellationToken);
        var effectTask = committed is null ? store.LoadEffectAsync(instanceId, effectId, cancellationToken) : Task.FromResult<EffectRecord?>(committed);
        var stored = await stateTask.ConfigureAwait(false);
        var effect = await effectTask.ConfigureAwait(false);
        if (effect is null)
        {
            logger.LogDebug("Effect {EffectId} of instance {InstanceId} is no longer pending", effectId, instanceId);
            return;
        }

        if (stored is null)
        {
            throw new InvalidOperationException($"Instance {instanceId} has a pending effect {effectId} but no state row.");
        }

        faults.Reached(DurableFaultPoint.BeforeEffect, instanceId);
        var completion = await executor.ExecuteAsync(instanceId, effect, stored.State, cancellationToken).ConfigureAwait(false);
        faults.Reached(DurableFaultPoint.AfterEffect, instanceId);
        var result = await processor.CompleteEffectAsync(instanceId, effectId, completion, stored, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Effect {EffectId} of instance {InstanceId} done ({Status})", effectId, instanceId, result.Status);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            logger.LogDebug("Effect retry interrupted by shutdown; left to its recovery message");
            return false;
        }
    }

    private static TimeSpan RetryBackoff(int attempt) =>
        TimeSpan.FromMilliseconds((200 << Math.Min(attempt - 1, 6)) + Random.Shared.Next(0, 100));
}
