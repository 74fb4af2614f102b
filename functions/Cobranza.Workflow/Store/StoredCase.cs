using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>A case as the case store holds it: the case, its version, the latest replies, its
/// pending timer and, when read, its history.</summary>
public sealed record StoredCase(DunningCase Case, long Version, IReadOnlyList<CaseReply> Replies, CaseTimerDue? Timer, IReadOnlyList<CaseHistoryEntry> History)
{
    /// <summary>The orchestration input that carries on from this stored case.</summary>
    public CaseRun ToRun() => new() { Case = Case, Version = Version, Timer = Timer, Replies = Replies };
}
