using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// One decision of a case, to be made visible: the case row and history in the case store, then the projections (the
/// input of <see cref="CommitCaseActivity"/>; the HTTP side commits a case's opening the same way).
/// </summary>
/// <param name="Previous">The case before the decision; null when the decision opened it.</param>
/// <param name="Version">The last history sequence number after the decision.</param>
/// <param name="Appended">The history entries the decision appended, numbered up to <paramref name="Version"/>.</param>
/// <param name="Replies">The replies to keep on the row (the latest last).</param>
/// <param name="Timer">The case's pending timer after the decision (kept on the row, so a case can be restarted from it).</param>
/// <param name="Changed">Whether the case itself changed; false when only a reply is committed (a refused command).</param>
public sealed record CaseCommit(
    string InvoiceId,
    DunningCase? Previous,
    DunningCase Current,
    long Version,
    IReadOnlyList<CaseHistoryEntry> Appended,
    IReadOnlyList<CaseReply> Replies,
    CaseTimerDue? Timer,
    bool Changed = true);
