using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Executes effects at least once: take the instance's current state, run the executor outside the instance lock, then
/// apply its completion command and delete the effect row in one ETag-guarded transaction. Effects just committed by
/// this process get <see cref="DurableOptions.EffectMaxAttemptsInProcess"/> attempts with backoff; what still fails is
/// left to the recovery message (or the timer message the effects ride on). A second request for an effect already
/// running here joins it instead of running it twice.
/// </summary>
internal sealed class EffectDispatcher<TState>(
    IEffectExecutor<TState> executor,
    InstanceStore<TState> store,
    InstanceProcessor<TState> processor,
    EffectWorkQueue<TState> work,
    EffectGate<TState> gate,
    IDurableFaultInjector faults,
    IOptions<DurableOptions> options,
    TimeProvider time,
    ILogger<EffectDispatcher<TState>> logger) : IEffectDispatcher where TState : class
{
    /// <summary>
    /// How long after its commit an effect may run on the state it was committed with, if this process has not changed
    /// the instance since; later it reads the state, since another worker may have (a payment, say).
    /// </summary>
    public static readonly TimeSpan FreshStateWindow = TimeSpan.FromSeconds(1);

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
        var results = await Task.WhenAll(ids.Select(id => RunAsync(instanceId, id, commit: null, committed: null, attempts: 1, cancellationToken))).ConfigureAwait(false);
        return results.All(done => done);
    }

    /// <summary>
    /// Executes effects the caller has just committed and holds the trigger of (a timer message), with the in-process
    /// attempts; true when all are done. Their rows cannot have been taken by another worker, so they are not read.
    /// </summary>
    public async Task<bool> RunCommittedAsync(CommittedEffects<TState> committed, CancellationToken cancellationToken)
    {
        try
        {
            var results = await Task.WhenAll(committed.Effects.Select(effect =>
                RunAsync(committed.InstanceId, effect.Id, committed, effect, options.Value.EffectMaxAttemptsInProcess, cancellationToken))).ConfigureAwait(false);
            return results.All(done => done);
        }
        finally
        {
            foreach (var _ in committed.Effects)
            {
                processor.EffectFinished(committed);
            }
        }
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

    private async Task RunInSlotAsync(EffectWork<TState> item, CancellationToken stoppingToken)
    {
        try
        {
            // Waited long (slots busy) and its recovery message may be near: read the row as any other worker would.
            var fresh = time.GetUtcNow() - item.Commit.CommittedAt < options.Value.EffectRecoveryDelay / 2;
            await RunAsync(item.InstanceId, item.Effect.Id, fresh ? item.Commit : null, fresh ? item.Effect : null, options.Value.EffectMaxAttemptsInProcess, stoppingToken)
                .ConfigureAwait(false);
        }
        finally
        {
            processor.EffectFinished(item.Commit);
            _slots.Release();
        }
    }

    /// <summary>Runs one effect (or joins the run already under way here); true when it is done, false when it is left pending.</summary>
    private Task<bool> RunAsync(
        string instanceId, string effectId, CommittedEffects<TState>? commit, EffectRecord? committed, int attempts, CancellationToken cancellationToken)
    {
        var key = (instanceId, effectId);
        var run = _inFlight.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => RunWithRetriesAsync(instanceId, effectId, commit, committed, attempts, cancellationToken)));
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

    private async Task<bool> RunWithRetriesAsync(
        string instanceId, string effectId, CommittedEffects<TState>? commit, EffectRecord? committed, int attempts, CancellationToken cancellationToken)
    {
        // Leave the caller's synchronous context at once: the run is shared through _inFlight.
        await Task.Yield();
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                // Only the first attempt trusts what was committed: a retry reads the rows, which another worker may have changed.
                await ExecuteOnceAsync(instanceId, effectId, attempt == 1 ? commit : null, attempt == 1 ? committed : null, cancellationToken).ConfigureAwait(false);
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
    /// Runs the effect against the instance's current state: what happened since the commit (a payment, say) decides
    /// whether a message still goes out. The state is read unless this process committed it within
    /// <see cref="FreshStateWindow"/> and has not changed the instance since; the effect's row is read unless this
    /// process has just committed it.
    /// </summary>
    private async Task ExecuteOnceAsync(
        string instanceId, string effectId, CommittedEffects<TState>? commit, EffectRecord? committed, CancellationToken cancellationToken)
    {
        var current = commit?.State is { } state && time.GetUtcNow() - commit.CommittedAt < FreshStateWindow && processor.IsLatestHere(commit)
            ? state
            : null;
        var stateTask = current is null ? store.LoadAsync(instanceId, cancellationToken) : Task.FromResult<StoredInstance<TState>?>(current);
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

        if (current is not null)
        {
            // Its executor may pass it to the gate, which then needs no read while this process commits nothing newer.
            gate.Register(current.State, current.ETag);
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
