using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Cobranza.Durable;

/// <summary>What became of a command handed to the <see cref="InstanceProcessor{TState}"/>.</summary>
internal enum ApplyStatus
{
    /// <summary>Committed, or nothing to write (then <see cref="ApplyResult{TState}.Changed"/> is false).</summary>
    Applied,

    /// <summary>A timer message whose token is no longer the instance's pending timer: dropped.</summary>
    StaleTimer,

    /// <summary>The effect had already been completed by another worker: its completion was not applied again.</summary>
    EffectAlreadyCompleted,
}

/// <param name="Effects">Effects the commit recorded that the caller must run (see <c>effectsRideOnMessage</c>); otherwise null.</param>
/// <param name="Appended">The history entries committed, with their sequence numbers; null when nothing was written.</param>
/// <param name="DecidedOnKnown">True when the decision was made on the state the caller passed in (it was still current).</param>
internal sealed record ApplyResult<TState>(
    ApplyStatus Status,
    TState? State,
    object? Reply,
    bool Changed,
    CommittedEffects<TState>? Effects = null,
    IReadOnlyList<StoredHistoryRecord>? Appended = null,
    bool DecidedOnKnown = false)
    where TState : class;

/// <summary>
/// The one path every change of an instance takes (commands, fired timers, effect completions): load the state row,
/// decide, pre-write outbound work, commit everything in one ETag-guarded entity-group transaction, hand new effects
/// to the dispatcher. Commands on one instance are serialised in this process by a keyed lock; across processes the
/// ETag decides, and a conflict reloads and decides again.
/// </summary>
internal sealed class InstanceProcessor<TState>(
    IInstanceLogic<TState> logic,
    InstanceStore<TState> store,
    StateRowCodec<TState> codec,
    TimerStore timers,
    ControlQueueSender sender,
    EffectWorkQueue<TState> effectWork,
    LocalCommits commits,
    KeyedAsyncLock locks,
    IDurableFaultInjector faults,
    TimeProvider time,
    IEnumerable<IInstanceCommitObserver<TState>> observers,
    ILogger<InstanceProcessor<TState>> logger) where TState : class
{
    private readonly IInstanceCommitObserver<TState>[] _observers = [.. observers];

    /// <summary>Attempts at committing one command before giving up with <see cref="InstanceConflictException"/>.</summary>
    public const int MaxCommitAttempts = 20;

    /// <summary>Applies a command; <paramref name="known"/> is the state as the caller read it, tried first (its ETag tells whether it is still current).</summary>
    public Task<ApplyResult<TState>> SendAsync(string instanceId, InstanceCommand command, StoredInstance<TState>? known, CancellationToken cancellationToken) =>
        ApplyAsync(instanceId, command, timerToken: null, completedEffectId: null, known, effectsRideOnMessage: false, cancellationToken);

    /// <summary>
    /// Fires the instance's timer if <paramref name="token"/> is still its pending timer; otherwise the timer is stale.
    /// The effects of the fire ride on the timer's queue message: no recovery message is written for them, they are
    /// returned in <see cref="ApplyResult{TState}.Effects"/>, and the caller must run them before the message is
    /// deleted (if it is not, the message comes back and <see cref="ControlQueueMessageHandler{TState}"/> finishes them).
    /// </summary>
    public Task<ApplyResult<TState>> FireTimerAsync(string instanceId, string token, DateTimeOffset dueAt, string tag, CancellationToken cancellationToken)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new TimerFired(dueAt, tag), StateRowCodec<TState>.JsonOptions);
        var command = new InstanceCommand(InstanceCommand.TimerFiredType, payload, "system");
        return ApplyAsync(instanceId, command, token, completedEffectId: null, known: null, effectsRideOnMessage: true, cancellationToken);
    }

    /// <summary>
    /// Marks an effect done and applies its completion command in the same transaction; <paramref name="known"/> is the
    /// state read before the effect ran, tried first (its ETag tells whether it is still current).
    /// </summary>
    public Task<ApplyResult<TState>> CompleteEffectAsync(
        string instanceId, string effectId, InstanceCommand? completion, StoredInstance<TState>? known, CancellationToken cancellationToken) =>
        ApplyAsync(instanceId, completion, timerToken: null, effectId, known, effectsRideOnMessage: false, cancellationToken);

    private async Task<ApplyResult<TState>> ApplyAsync(
        string instanceId,
        InstanceCommand? command,
        string? timerToken,
        string? completedEffectId,
        StoredInstance<TState>? known,
        bool effectsRideOnMessage,
        CancellationToken cancellationToken)
    {
        KeyRules.EnsureValidInstanceId(instanceId);
        using var held = await locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false);

        var recoveryMessageSent = false;
        for (var attempt = 1; ; attempt++)
        {
            var decidedOnKnown = known is not null;
            var stored = known ?? await store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            known = null;

            if (timerToken is not null && (stored is null || stored.TimerToken != timerToken))
            {
                return new ApplyResult<TState>(ApplyStatus.StaleTimer, stored?.State, null, false);
            }

            if (command is null || (stored is null && completedEffectId is not null))
            {
                // An effect completed without a command (or, oddly, without a state): only mark it done.
                return await MarkEffectDoneAsync(instanceId, completedEffectId!, stored, cancellationToken).ConfigureAwait(false);
            }

            var decision = logic.Decide(instanceId, stored?.State, command, time.GetUtcNow());
            var isTimerFire = timerToken is not null;

            // After a timer fired the instance has no timer, and must be written even if the logic changed nothing.
            var newState = decision.State ?? (isTimerFire ? stored!.State : null);
            if (newState is null)
            {
                return completedEffectId is null
                    ? new ApplyResult<TState>(ApplyStatus.Applied, stored?.State, decision.Reply, false, DecidedOnKnown: decidedOnKnown)
                    : await MarkEffectDoneAsync(instanceId, completedEffectId, stored, cancellationToken).ConfigureAwait(false);
            }

            EnsureValidEffects(instanceId, decision.Effects, completedEffectId);
            var oldTimer = stored is null ? TimerFields.None : new TimerFields(stored.TimerToken, stored.TimerDueAt, stored.TimerTag);
            var timer = decision.Timer switch
            {
                TimerChange.SetTimer set => new TimerFields(Guid.NewGuid().ToString("N"), set.DueAt, set.Tag),
                TimerChange.ClearTimer => TimerFields.None,
                _ => isTimerFire ? TimerFields.None : oldTimer,
            };

            var actions = BuildActions(instanceId, stored, newState, decision, timer, completedEffectId, out var effectDeleteIndex);
            if (actions.Count > InstanceStore<TState>.MaxTransactionOperations)
            {
                throw new InvalidOperationException(
                    $"A decision for instance {instanceId} needs {actions.Count} table operations; one atomic write holds at most {InstanceStore<TState>.MaxTransactionOperations}. Write fewer history entries or effects per decision.");
            }

            faults.Reached(DurableFaultPoint.AfterDecide, instanceId);

            // Outbound work is written before the commit so that a crash right after the commit loses nothing;
            // if the commit then fails, these writes are stale (unknown token, no pending effect) and dropped later.
            if (decision.Timer is TimerChange.SetTimer)
            {
                await timers.ScheduleAsync(instanceId, timer.Token!, timer.DueAt!.Value, timer.Tag ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            if (decision.Effects.Count > 0 && !recoveryMessageSent && !effectsRideOnMessage)
            {
                // One message finishes all pending effects of the instance, so one per command is enough.
                await sender.SendEffectRecoveryAsync(instanceId, cancellationToken).ConfigureAwait(false);
                recoveryMessageSent = true;
            }

            if (decision.Timer is TimerChange.SetTimer || decision.Effects.Count > 0)
            {
                faults.Reached(DurableFaultPoint.AfterOutboundPrewrite, instanceId);
            }

            var commit = await store.CommitAsync(instanceId, actions, stateIndex: 0, effectDeleteIndex, cancellationToken).ConfigureAwait(false);
            switch (commit.Outcome)
            {
                case CommitOutcome.Committed:
                    logger.LogDebug("Committed a decision for instance {InstanceId} (attempt {Attempt})", instanceId, attempt);
                    commits.Committed(instanceId, commit.StateETag ?? default);
                    faults.Reached(DurableFaultPoint.AfterCommit, instanceId);
                    if (!isTimerFire && oldTimer.Token is not null && oldTimer.Token != timer.Token)
                    {
                        await timers.DeleteIfParkedAsync(instanceId, oldTimer.Token, oldTimer.DueAt!.Value, cancellationToken).ConfigureAwait(false);
                    }

                    var committed = decision.Effects.Count == 0
                        ? null
                        : new CommittedEffects<TState>(instanceId, decision.Effects, CommittedRow(instanceId, newState, commit.StateETag, stored, decision, timer), time.GetUtcNow());
                    if (committed is not null && !effectsRideOnMessage && !HandToDispatcher(committed))
                    {
                        logger.LogDebug("No effect dispatcher runs here; the effects of instance {InstanceId} wait for their recovery message", instanceId);
                    }

                    var firstSeq = (stored?.LastSeq ?? 0) + 1;
                    var appended = decision.History.Select((h, i) => new StoredHistoryRecord(firstSeq + i, h.At, h.Type, h.Actor, h.Details)).ToList();
                    await NotifyObserversAsync(new InstanceCommit<TState>(instanceId, stored?.State, newState, firstSeq - 1 + appended.Count, appended), cancellationToken)
                        .ConfigureAwait(false);
                    return new ApplyResult<TState>(ApplyStatus.Applied, newState, decision.Reply, decision.State is not null,
                        effectsRideOnMessage ? Watched(committed) : null, appended, decidedOnKnown);

                case CommitOutcome.EffectGone:
                    logger.LogDebug("An effect of instance {InstanceId} was completed elsewhere; its completion is not applied twice", instanceId);
                    return new ApplyResult<TState>(ApplyStatus.EffectAlreadyCompleted, stored?.State, null, false);

                default:
                    if (attempt >= MaxCommitAttempts)
                    {
                        throw new InstanceConflictException(instanceId, attempt);
                    }

                    logger.LogDebug("Instance {InstanceId} changed since it was read (attempt {Attempt}); deciding again", instanceId, attempt);
                    await Task.Delay(ConflictBackoff(attempt), time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Tells each commit observer; a failing one is logged and the commit stands (projections are repairable).</summary>
    private async Task NotifyObserversAsync(InstanceCommit<TState> commit, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnCommittedAsync(commit, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "A commit observer ({Observer}) failed for instance {InstanceId}; its projection is stale until the instance's next change or a rebuild",
                    observer.GetType().Name, commit.InstanceId);
            }
        }
    }

    /// <summary>The state row as just committed, or null when the service did not give its new ETag.</summary>
    private static StoredInstance<TState>? CommittedRow(
        string instanceId, TState state, ETag? etag, StoredInstance<TState>? stored, Decision<TState> decision, TimerFields timer) =>
        etag is { } committedETag
            ? new StoredInstance<TState>(instanceId, state, committedETag, (stored?.LastSeq ?? 0) + decision.History.Count, timer.Token, timer.DueAt, timer.Tag)
            : null;

    /// <summary>Queues committed effects for this process's dispatcher, which reports each one finished.</summary>
    private bool HandToDispatcher(CommittedEffects<TState> committed)
    {
        Watched(committed);
        if (effectWork.TryEnqueue(committed))
        {
            return true;
        }

        if (committed.State is not null)
        {
            commits.Unwatch(committed.InstanceId);
        }

        return false;
    }

    /// <summary>Watches the instance while the effects run, so that they can tell whether their committed state is still the latest.</summary>
    private CommittedEffects<TState>? Watched(CommittedEffects<TState>? committed)
    {
        if (committed?.State is { } state)
        {
            commits.Watch(committed.InstanceId, state.ETag);
        }

        return committed;
    }

    /// <summary>Reports one effect of <paramref name="committed"/> run (or given up here); the last one ends the watch.</summary>
    public void EffectFinished(CommittedEffects<TState> committed)
    {
        if (committed.FinishOne() && committed.State is not null)
        {
            commits.Unwatch(committed.InstanceId);
        }
    }

    /// <summary>True while the state <paramref name="committed"/> was committed with is the latest this process committed.</summary>
    public bool IsLatestHere(CommittedEffects<TState> committed) =>
        committed.State is { } state && commits.IsLatest(committed.InstanceId, state.ETag);

    private List<TableTransactionAction> BuildActions(
        string instanceId,
        StoredInstance<TState>? stored,
        TState newState,
        Decision<TState> decision,
        TimerFields timer,
        string? completedEffectId,
        out int? effectDeleteIndex)
    {
        var seq = stored?.LastSeq ?? 0;
        var entity = codec.ToEntity(instanceId, newState, seq + decision.History.Count, timer);
        var actions = new List<TableTransactionAction>(2 + decision.History.Count + decision.Effects.Count)
        {
            // Index 0 is the state write: its failure (412/409) is what a concurrent change looks like.
            stored is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, stored.ETag),
        };
        actions.AddRange(decision.History.Select(h => InstanceStore<TState>.AddHistory(instanceId, ++seq, h)));
        actions.AddRange(decision.Effects.Select(e => InstanceStore<TState>.AddEffect(instanceId, e)));

        effectDeleteIndex = null;
        if (completedEffectId is not null)
        {
            effectDeleteIndex = actions.Count;
            actions.Add(InstanceStore<TState>.DeleteEffect(instanceId, completedEffectId));
        }

        return actions;
    }

    private async Task<ApplyResult<TState>> MarkEffectDoneAsync(
        string instanceId, string effectId, StoredInstance<TState>? stored, CancellationToken cancellationToken)
    {
        var commit = await store.CommitAsync(instanceId, [InstanceStore<TState>.DeleteEffect(instanceId, effectId)], stateIndex: null, effectDeleteIndex: 0, cancellationToken)
            .ConfigureAwait(false);
        return commit.Outcome == CommitOutcome.EffectGone
            ? new ApplyResult<TState>(ApplyStatus.EffectAlreadyCompleted, stored?.State, null, false)
            : new ApplyResult<TState>(ApplyStatus.Applied, stored?.State, null, false);
    }

    private static void EnsureValidEffects(string instanceId, IReadOnlyList<EffectRecord> effects, string? completedEffectId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var effect in effects)
        {
            KeyRules.EnsureValidEffectId(instanceId, effect.Id);
            if (!ids.Add(effect.Id) || effect.Id == completedEffectId)
            {
                throw new InvalidOperationException($"A decision for instance {instanceId} records effect id '{effect.Id}' twice (or the id of the effect being completed).");
            }
        }
    }

    private static TimeSpan ConflictBackoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * Math.Min(attempt, 8));
}
