using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace Cobranza.Workflow.Dtfx;

/// <summary><see cref="ICaseOrchestrations"/> over DTFx's <see cref="TaskHubClient"/> on the Azure Storage provider.</summary>
internal sealed class DtfxCaseOrchestrations(TaskHubClient client) : ICaseOrchestrations
{
    // A case's orchestration never completes, but one that failed or was terminated by an operator may be started again.
    private static readonly OrchestrationStatus[] RunningStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    public async Task<bool> StartAsync(string invoiceId, CaseRun input, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateOrchestrationInstanceAsync(CaseOrchestrator.Name, string.Empty, invoiceId, input, tags: null, RunningStatuses);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public Task RaiseAsync(string invoiceId, CaseCommandMessage message, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(new OrchestrationInstance { InstanceId = invoiceId }, CaseOrchestrator.CommandEvent, message);

    public async Task<bool> ExistsAsync(string invoiceId, CancellationToken cancellationToken) =>
        await client.GetOrchestrationStateAsync(invoiceId) is not null;
}
