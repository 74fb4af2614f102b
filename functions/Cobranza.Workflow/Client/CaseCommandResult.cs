using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// How a command on a case turned out: the case after it (null when there is no case) and the decision's answer.
/// <paramref name="Pending"/> when the orchestration accepted the command but did not answer within
/// <see cref="CaseWorkflowOptions.ReplyTimeout"/>: the case shown is the one stored before the command.
/// </summary>
public sealed record CaseCommandResult(StoredCase? Stored, CaseOutcome Outcome, bool Pending = false)
{
    public DunningCase? Case => Stored?.Case;
}
