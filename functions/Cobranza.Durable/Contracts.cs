namespace Cobranza.Durable;

// The contract between the durable runtime and the application that runs on it.
// The runtime knows nothing of dunning: it stores an opaque TState per instance, appends history,
// keeps one pending timer per instance and executes effects at least once with an idempotency key.

/// <summary>A command sent to one instance: an external event, a staff action, a fired timer or an effect's completion.</summary>
/// <param name="Type">What happened, e.g. "payment" (the application's vocabulary).</param>
/// <param name="Payload">The command's data as JSON (the application's own shape).</param>
/// <param name="Actor">Who caused it: "erp", "payments", "system", a staff key id.</param>
public sealed record InstanceCommand(string Type, string Payload, string Actor)
{
    /// <summary>Type of the command the runtime sends when the instance's pending timer fires. Payload: <see cref="TimerFired"/>.</summary>
    public const string TimerFiredType = "timerFired";
}

/// <summary>Payload of the <see cref="InstanceCommand.TimerFiredType"/> command.</summary>
public sealed record TimerFired(DateTimeOffset DueAt, string Tag);

/// <summary>One append-only history entry; the runtime assigns its sequence number.</summary>
public sealed record HistoryRecord(DateTimeOffset At, string Type, string Actor, string Details);

/// <summary>A stored history entry.</summary>
public sealed record StoredHistoryRecord(long Seq, DateTimeOffset At, string Type, string Actor, string Details);

/// <summary>
/// A side effect (a message, a handoff) decided together with a state change and executed after it is committed.
/// <paramref name="Id"/> is unique within the instance and is the effect's idempotency key (with the instance id).
/// </summary>
public sealed record EffectRecord(string Id, string Type, string Payload);

/// <summary>What to do with the instance's single pending timer.</summary>
public abstract record TimerChange
{
    private TimerChange() { }

    /// <summary>Leave the pending timer as it is.</summary>
    public static readonly TimerChange Keep = new KeepTimer();

    /// <summary>Cancel the pending timer (it becomes stale and is dropped when it comes due).</summary>
    public static readonly TimerChange Clear = new ClearTimer();

    /// <summary>Replace the pending timer with one due at <paramref name="dueAt"/>; <paramref name="tag"/> tells the application what it is for.</summary>
    public static TimerChange Set(DateTimeOffset dueAt, string tag) => new SetTimer(dueAt, tag);

    public sealed record KeepTimer : TimerChange;
    public sealed record ClearTimer : TimerChange;
    public sealed record SetTimer(DateTimeOffset DueAt, string Tag) : TimerChange;
}

/// <summary>The outcome of applying a command to an instance.</summary>
/// <param name="State">The new state; null when the command was refused or changed nothing (then nothing is written).</param>
/// <param name="History">Entries appended atomically with the state.</param>
/// <param name="Effects">Effects recorded atomically with the state (outbox) and executed afterwards.</param>
/// <param name="Timer">What happens to the pending timer.</param>
/// <param name="Reply">What the caller gets back (e.g. a refusal reason); never stored.</param>
public sealed record Decision<TState>(
    TState? State,
    IReadOnlyList<HistoryRecord> History,
    IReadOnlyList<EffectRecord> Effects,
    TimerChange Timer,
    object? Reply = null) where TState : class
{
    public static Decision<TState> Unchanged(object? reply = null) => new(null, [], [], TimerChange.Keep, reply);
}

/// <summary>The application's decision logic, called with the instance's current state (null when it does not exist yet).</summary>
public interface IInstanceLogic<TState> where TState : class
{
    Decision<TState> Decide(string instanceId, TState? state, InstanceCommand command, DateTimeOffset now);

    /// <summary>Columns stored beside the state so instances can be listed by them (e.g. "State", "DebtorId").</summary>
    IReadOnlyDictionary<string, string?> IndexColumns(TState state);
}

/// <summary>Executes effects. Must be idempotent on (instanceId, effect.Id): it may run more than once after a crash.</summary>
public interface IEffectExecutor<TState> where TState : class
{
    /// <summary>
    /// Executes <paramref name="effect"/>, given the instance's state as it is now (the effect may no longer be wanted:
    /// then the executor does nothing and says so in its completion). Returns a command applied to the instance
    /// atomically with marking the effect done, or null to just mark it done. Throwing leaves the effect pending:
    /// it is retried with backoff.
    /// </summary>
    Task<InstanceCommand?> ExecuteAsync(string instanceId, EffectRecord effect, TState state, CancellationToken cancellationToken);
}

/// <summary>An instance as read from storage.</summary>
public sealed record InstanceSnapshot<TState>(
    string InstanceId,
    TState State,
    DateTimeOffset? TimerDueAt,
    string? TimerTag,
    IReadOnlyList<StoredHistoryRecord> History,
    IReadOnlyList<EffectRecord> PendingEffects) where TState : class;

/// <summary>The result of sending a command: the decision's reply and the state after it (null if the instance does not exist).</summary>
/// <param name="Appended">The history entries the command appended (empty when it wrote nothing); when it created the
/// instance, its whole history.</param>
public sealed record CommandResult<TState>(TState? State, object? Reply, bool Changed, IReadOnlyList<StoredHistoryRecord> Appended) where TState : class;

/// <summary>A page of instances.</summary>
public sealed record InstancePage<TState>(IReadOnlyList<TState> Items, string? ContinuationToken) where TState : class;

/// <summary>The application's entry point into the runtime.</summary>
public interface IDurableClient<TState> where TState : class
{
    /// <summary>
    /// Applies a command now and waits until it is committed. Commands on one instance are applied one at a time in
    /// this process and guarded by ETag across processes (a conflict reloads and decides again).
    /// </summary>
    Task<CommandResult<TState>> SendAsync(string instanceId, InstanceCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a command like <see cref="SendAsync"/> and returns the instance after it with its whole history. The
    /// instance is read with its history in one partition query before the command, and that read also serves the
    /// decision, so this costs a point read less than <see cref="SendAsync"/> followed by <see cref="GetAsync"/>.
    /// After is null when the instance does not exist.
    /// </summary>
    Task<(CommandResult<TState> Result, InstanceSnapshot<TState>? After)> SendAndReadAsync(string instanceId, InstanceCommand command, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance (one point read, or one partition query when history is wanted).</summary>
    Task<InstanceSnapshot<TState>?> GetAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken = default);

    /// <summary>Lists instances whose index columns equal the given values (null values are ignored).</summary>
    Task<InstancePage<TState>> QueryAsync(IReadOnlyDictionary<string, string?> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
