using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cobranza.Workflow;

/// <summary><see cref="ICaseOrchestrations"/> over the Durable Task SDK's client (the Durable extension's in Azure Functions).</summary>
public sealed class DurableTaskClientOrchestrations(DurableTaskClient client) : ICaseOrchestrations
{
    public async Task<bool> StartAsync(string invoiceId, CaseRun input, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CaseOrchestrator.Name, input, new StartOrchestrationOptions(invoiceId), cancellationToken);
            return true;
        }
        catch (Exception e) when (IsAlreadyRunning(e))
        {
            return false;
        }
    }

    public Task RaiseAsync(string invoiceId, CaseCommandMessage message, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(invoiceId, CaseOrchestrator.CommandEvent, message, cancellationToken);

    public async Task<bool> ExistsAsync(string invoiceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(invoiceId, getInputsAndOutputs: false, cancellationToken) is not null;

    // The Durable extension refuses a second start of a running instance id with InvalidOperationException (in process)
    // or an RpcException AlreadyExists (over gRPC); both name the instance as existing.
    private static bool IsAlreadyRunning(Exception e) =>
        e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || e.GetType().Name == "OrchestrationAlreadyExistsException";
}
