using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;

namespace Cobranza.Workflow.Dtfx;

/// <summary>Creates the case orchestrator for each execution, wrapped by the Durable Task SDK's shim.</summary>
internal sealed class OrchestratorCreator : ObjectCreator<TaskOrchestration>
{
    private readonly DurableTaskShimFactory _shims;
    private readonly IWorkflowFaultInjector _faults;

    public OrchestratorCreator(DurableTaskShimFactory shims, IWorkflowFaultInjector faults)
    {
        Name = CaseOrchestrator.Name;
        Version = string.Empty;
        _shims = shims;
        _faults = faults;
    }

    public override TaskOrchestration Create() => _shims.CreateOrchestration(Name, new CaseOrchestrator(_faults));
}
