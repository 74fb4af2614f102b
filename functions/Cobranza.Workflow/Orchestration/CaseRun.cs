using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// What a case's orchestration carries from one execution to the next (its input, and the input of each
/// <c>ContinueAsNew</c>): the case, the last history sequence number, the pending timer and the latest replies.
/// </summary>
public sealed record CaseRun
{
    /// <summary>Replies kept on the stored row for callers that wait; older ones are dropped.</summary>
    public const int RepliesKept = 16;

    public required DunningCase Case { get; init; }

    /// <summary>The case's last history sequence number: it only grows, so projections can refuse older changes.</summary>
    public long Version { get; init; }

    /// <summary>When the case's single timer fires and what for; null when nothing is scheduled.</summary>
    public CaseTimerDue? Timer { get; init; }

    public IReadOnlyList<CaseReply> Replies { get; init; } = [];

    /// <summary>The pending timer after a decision that makes <paramref name="change"/> to it.</summary>
    public CaseTimerDue? TimerAfter(CaseTimer change) => change switch
    {
        CaseTimer.SetTimer set => new CaseTimerDue(set.DueAt, set.Tag),
        CaseTimer.ClearTimer => null,
        _ => Timer,
    };

    /// <summary>The replies with <paramref name="reply"/> added, the oldest dropped beyond <see cref="RepliesKept"/>.</summary>
    public IReadOnlyList<CaseReply> RepliesWith(CaseReply? reply) =>
        reply is null ? Replies : [.. Replies.Skip(Math.Max(0, Replies.Count + 1 - RepliesKept)), reply];
}

/// <summary>The case's pending timer: due at <paramref name="DueAt"/>, for <paramref name="Tag"/> (<c>step:2</c>, <c>handoff</c>, <c>promise</c>).</summary>
public sealed record CaseTimerDue(DateTimeOffset DueAt, string Tag);
