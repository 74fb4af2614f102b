using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// Carries out one effect of a case (sends a step's message on its channel, writes the handoff file and notifies the
/// destination), given the case as its orchestration knows it now. Runs at least once: it must be idempotent on the
/// effect's id, so a retried activity never sends a second message. Returns the command that completes the effect
/// (message sent, deferred, skipped, failed; handoff confirmed), or null when there is nothing to record.
/// </summary>
public interface ICaseEffectRunner
{
    Task<CaseCommand?> RunAsync(string invoiceId, CaseEffect effect, DunningCase @case, CancellationToken cancellationToken);
}
