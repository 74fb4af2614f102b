namespace Cobranza.Domain;

/// <summary>A history entry produced by a transition.</summary>
public sealed record CaseEvent(string Type, IReadOnlyDictionary<string, object?> Details);

/// <summary>What happens to the case's single pending timer.</summary>
public abstract record CaseTimer
{
    private CaseTimer() { }

    public static readonly CaseTimer Keep = new KeepTimer();
    public static readonly CaseTimer Clear = new ClearTimer();
    public static CaseTimer At(DateTimeOffset dueAt, string tag) => new SetTimer(dueAt, tag);

    public sealed record KeepTimer : CaseTimer;
    public sealed record ClearTimer : CaseTimer;
    public sealed record SetTimer(DateTimeOffset DueAt, string Tag) : CaseTimer;
}

/// <summary>How a command turned out, for whoever sent it.</summary>
public enum ReplyKind
{
    Created,
    Changed,
    /// <summary>Nothing changed: a duplicate delivery, or a stale timer.</summary>
    Unchanged,
    Rejected,
}

/// <summary>Why a command was refused; the HTTP layer maps it to a status code.</summary>
public enum RejectionKind
{
    /// <summary>The case does not exist (404).</summary>
    NotFound,
    /// <summary>The case's state does not allow the action (409).</summary>
    InvalidState,
    /// <summary>The same id with other content (409).</summary>
    Conflict,
    /// <summary>Well-formed but not applicable, e.g. a payment in another currency (422).</summary>
    Unprocessable,
    /// <summary>A field is invalid given the case, e.g. a promise in the past (400).</summary>
    Invalid,
}

public sealed record Rejection(RejectionKind Kind, string Message, string? Field = null);

/// <summary>The result of deciding a command: the new state (null when nothing changed), history, effects and timer.</summary>
public sealed record CaseOutcome(
    DunningCase? State,
    IReadOnlyList<CaseEvent> History,
    IReadOnlyList<CaseEffect> Effects,
    CaseTimer Timer,
    ReplyKind Reply,
    Rejection? Rejection = null)
{
    public static CaseOutcome Unchanged() => new(null, [], [], CaseTimer.Keep, ReplyKind.Unchanged);

    public static CaseOutcome Reject(RejectionKind kind, string message, string? field = null) =>
        new(null, [], [], CaseTimer.Keep, ReplyKind.Rejected, new Rejection(kind, message, field));
}
