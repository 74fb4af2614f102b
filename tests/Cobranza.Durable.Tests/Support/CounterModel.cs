using System.Collections.Concurrent;
using System.Text.Json;
using Cobranza.Durable;

namespace Cobranza.Durable.Tests.Support;

/// <summary>The tiny application state the tests run on the runtime.</summary>
public sealed record CounterState(int Count, IReadOnlyList<string> Fired, IReadOnlyList<string> Completed, string? Group, string? Padding = null);

/// <summary>Payload of the "add" command: what the decision should do besides counting.</summary>
public sealed record AddCommand(
    int Amount = 1,
    string[]? Effects = null,
    double? TimerInSeconds = null,
    string? TimerTag = null,
    bool ClearTimer = false,
    string? Group = null,
    int HistoryEntries = 1,
    int PaddingChars = 0);

/// <summary>Command helpers.</summary>
public static class Commands
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static InstanceCommand Add(AddCommand add) => new("add", JsonSerializer.Serialize(add, Json), "test");

    public static InstanceCommand Add(int amount = 1) => Add(new AddCommand(amount));

    public static InstanceCommand Noop() => new("noop", "{}", "test");
}

/// <summary>
/// Decision logic: "add" counts and may record effects, history and a timer; "timerFired" records the tag (tag "boom"
/// throws, for the poison test); "effectDone" records the completed effect; "noop" changes nothing.
/// </summary>
public sealed class CounterLogic : IInstanceLogic<CounterState>
{
    private int _decisions;

    /// <summary>Called at the start of every decision (tests use it to interleave another process).</summary>
    public Action<string, CounterState?, InstanceCommand>? OnDecide { get; set; }

    public int Decisions => Volatile.Read(ref _decisions);

    public Decision<CounterState> Decide(string instanceId, CounterState? state, InstanceCommand command, DateTimeOffset now)
    {
        Interlocked.Increment(ref _decisions);
        OnDecide?.Invoke(instanceId, state, command);
        var current = state ?? new CounterState(0, [], [], null);
        switch (command.Type)
        {
            case "add":
                var add = JsonSerializer.Deserialize<AddCommand>(command.Payload, Commands.Json)!;
                var next = current with
                {
                    Count = current.Count + add.Amount,
                    Group = add.Group ?? current.Group,
                    Padding = add.PaddingChars > 0 ? new string('x', add.PaddingChars) : current.Padding,
                };
                var history = Enumerable.Range(0, add.HistoryEntries)
                    .Select(i => new HistoryRecord(now, "added", command.Actor, $"+{add.Amount} #{i}"))
                    .ToList();
                var effects = (add.Effects ?? []).Select(id => new EffectRecord(id, "notify", "{\"to\":\"someone\"}")).ToList();
                var timer = add.TimerInSeconds is { } seconds
                    ? TimerChange.Set(now.AddSeconds(seconds), add.TimerTag ?? "t")
                    : add.ClearTimer ? TimerChange.Clear : TimerChange.Keep;
                return new Decision<CounterState>(next, history, effects, timer, next.Count);

            case InstanceCommand.TimerFiredType:
                var fired = JsonSerializer.Deserialize<TimerFired>(command.Payload, Commands.Json)!;
                if (fired.Tag == "boom")
                {
                    throw new InvalidOperationException("The test logic refuses timers tagged boom.");
                }

                // A timer tagged "effect:{id}" records effect {id} when it fires.
                var fireEffects = fired.Tag.StartsWith("effect:", StringComparison.Ordinal)
                    ? [new EffectRecord(fired.Tag["effect:".Length..], "notify", "{\"to\":\"someone\"}")]
                    : new List<EffectRecord>();
                return new Decision<CounterState>(
                    current with { Fired = [.. current.Fired, fired.Tag] },
                    [new HistoryRecord(now, "timerFired", command.Actor, fired.Tag)],
                    fireEffects,
                    TimerChange.Keep);

            case "effectDone":
                var effectId = JsonDocument.Parse(command.Payload).RootElement.GetProperty("effectId").GetString()!;
                return new Decision<CounterState>(
                    current with { Completed = [.. current.Completed, effectId] },
                    [new HistoryRecord(now, "effectDone", command.Actor, effectId)],
                    [],
                    TimerChange.Keep);

            default:
                return Decision<CounterState>.Unchanged("nothing to do");
        }
    }

    public IReadOnlyDictionary<string, string?> IndexColumns(CounterState state) => new Dictionary<string, string?>
    {
        ["Group"] = state.Group,
        ["Parity"] = state.Count % 2 == 0 ? "even" : "odd",
    };
}

/// <summary>
/// Records every execution per (instance, effect). An effect id starting with "failN-" throws on its first N executions;
/// <see cref="BeforeExecute"/> lets a test hold an execution.
/// </summary>
public sealed class RecordingExecutor : IEffectExecutor<CounterState>
{
    private readonly ConcurrentDictionary<string, int> _executions = new();

    public Func<string, EffectRecord, CancellationToken, Task>? BeforeExecute { get; set; }

    public int Executions(string instanceId, string effectId) => _executions.GetValueOrDefault(instanceId + "/" + effectId);

    public async Task<InstanceCommand?> ExecuteAsync(string instanceId, EffectRecord effect, CounterState state, CancellationToken cancellationToken)
    {
        if (BeforeExecute is { } hook)
        {
            await hook(instanceId, effect, cancellationToken);
        }

        var count = _executions.AddOrUpdate(instanceId + "/" + effect.Id, 1, (_, n) => n + 1);
        if (effect.Id.StartsWith("fail", StringComparison.Ordinal)
            && int.TryParse(effect.Id.AsSpan(4, effect.Id.IndexOf('-') - 4), out var failTimes)
            && count <= failTimes)
        {
            throw new InvalidOperationException($"Test executor fails execution {count} of {effect.Id}.");
        }

        return new InstanceCommand("effectDone", JsonSerializer.Serialize(new { effectId = effect.Id }), "executor");
    }
}
