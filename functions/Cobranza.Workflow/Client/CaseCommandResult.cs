using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// How a command on a case turned out: the case after it (null when there is no case) and the decision's answer.
/// <paramref name="Pending"/> when the orchestration accepted the command but did not answer within
/// <see cref="CaseWorkflowOptions.ReplyTimeout"/>: <see cref="Stored"/> is the case stored before the command, and
/// <see cref="Outcome"/> what the command was expected to do to it.
/// </summary>
public sealed record CaseCommandResult(StoredCase? Stored, CaseOutcome Outcome, bool Pending = false)
{
    public DunningCase? Case => Stored?.Case;

    /// <summary>The case after the command: as stored, or when pending as the command is expected to leave it.</summary>
    public DunningCase? Expected => Pending ? Outcome.State ?? Case : Case;
}
