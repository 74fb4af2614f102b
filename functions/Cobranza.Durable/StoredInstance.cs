using Azure;

namespace Cobranza.Durable;

/// <summary>The state row of an instance as loaded: the state, the ETag that guards the next write, and the pending timer.</summary>
internal sealed record StoredInstance<TState>(
    string InstanceId,
    TState State,
    ETag ETag,
    long LastSeq,
    string? TimerToken,
    DateTimeOffset? TimerDueAt,
    string? TimerTag) where TState : class;

/// <summary>The timer fields written on a state row.</summary>
internal sealed record TimerFields(string? Token, DateTimeOffset? DueAt, string? Tag)
{
    public static readonly TimerFields None = new(null, null, null);
}
