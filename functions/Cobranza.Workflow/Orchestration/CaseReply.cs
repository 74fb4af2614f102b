using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// How the orchestration answered a command that a caller waits for (<see cref="CaseCommandMessage.Id"/>). The last
/// <see cref="CaseRun.RepliesKept"/> replies are kept on the case's stored row, where the waiting caller reads them.
/// </summary>
public sealed record CaseReply(string CommandId, ReplyKind Reply, Rejection? Rejection, long Version);
