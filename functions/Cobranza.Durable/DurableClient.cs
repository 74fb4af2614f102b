namespace Cobranza.Durable;

/// <summary>
/// The application's entry point into the runtime (<see cref="IDurableClient{TState}"/>) on Azure Table and Queue storage.
/// Works without the background worker: commits are complete on their own, and effects and timers are carried out by
/// whichever worker receives their messages.
/// </summary>
public sealed class DurableClient<TState> : IDurableClient<TState>
    where TState : class
{
    private readonly InstanceProcessor<TState> _processor;
    private readonly InstanceStore<TState> _store;

    internal DurableClient(InstanceProcessor<TState> processor, InstanceStore<TState> store)
    {
        _processor = processor;
        _store = store;
    }

    /// <inheritdoc />
    public async Task<CommandResult<TState>> SendAsync(string instanceId, InstanceCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await _processor.SendAsync(instanceId, command, known: null, cancellationToken).ConfigureAwait(false);
        return new CommandResult<TState>(result.State, result.Reply, result.Changed, result.Appended ?? []);
    }

    /// <inheritdoc />
    public async Task<(CommandResult<TState> Result, InstanceSnapshot<TState>? After)> SendAndReadAsync(
        string instanceId, InstanceCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        KeyRules.EnsureValidInstanceId(instanceId);
        var (stored, before) = await _store.LoadWithHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var result = await _processor.SendAsync(instanceId, command, stored, cancellationToken).ConfigureAwait(false);
        var commandResult = new CommandResult<TState>(result.State, result.Reply, result.Changed, result.Appended ?? []);
        if (!result.DecidedOnKnown || before is null || result.State is null)
        {
            // The instance changed after it was read (or did not exist): read it again rather than show a stale history.
            return (commandResult, await _store.LoadSnapshotAsync(instanceId, cancellationToken).ConfigureAwait(false));
        }

        var after = before with
        {
            State = result.State,
            History = [.. before.History, .. result.Appended ?? []],
        };
        return (commandResult, after);
    }

    /// <inheritdoc />
    public async Task<InstanceSnapshot<TState>?> GetAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken = default)
    {
        KeyRules.EnsureValidInstanceId(instanceId);
        if (includeHistory)
        {
            return await _store.LoadSnapshotAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var stored = await _store.LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? null
            : new InstanceSnapshot<TState>(instanceId, stored.State, stored.TimerDueAt, stored.TimerTag, [], []);
    }

    /// <inheritdoc />
    /// <remarks>
    /// On Azure a page may hold fewer items than <paramref name="pageSize"/> (even none) and still have a continuation
    /// token: the service stops at partition and time boundaries. Callers page until the token is null.
    /// </remarks>
    public Task<InstancePage<TState>> QueryAsync(
        IReadOnlyDictionary<string, string?> equals, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(equals);
        return _store.QueryAsync(equals, pageSize, continuationToken, cancellationToken);
    }
}
