namespace Cobranza.Workflow;

/// <summary>
/// The engine's client, as small as the case workflow needs it: start a case's orchestration, raise a command on it,
/// ask whether it exists. Implemented over the Durable Task SDK's <c>DurableTaskClient</c> (Azure Functions'
/// <c>[DurableClient]</c>) by <see cref="DurableTaskClientOrchestrations"/>, and over DTFx's <c>TaskHubClient</c> by the
/// standalone host.
/// </summary>
public interface ICaseOrchestrations
{
    /// <summary>Starts the orchestration of a case (instance id = invoice id); false when it runs already.</summary>
    Task<bool> StartAsync(string invoiceId, CaseRun input, CancellationToken cancellationToken);

    /// <summary>Raises <see cref="CaseOrchestrator.CommandEvent"/> on the case's orchestration.</summary>
    Task RaiseAsync(string invoiceId, CaseCommandMessage message, CancellationToken cancellationToken);

    /// <summary>Whether the case has an orchestration (in any state).</summary>
    Task<bool> ExistsAsync(string invoiceId, CancellationToken cancellationToken);
}
