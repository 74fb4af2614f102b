namespace Cobranza.Workflow;

/// <summary>Told when the workflow reaches a <see cref="WorkflowFaultPoint"/>; a test's injector may kill the process there.</summary>
public interface IWorkflowFaultInjector
{
    void Reached(WorkflowFaultPoint point, string invoiceId);
}

/// <summary>The injector of every process but a robustness test's: nothing happens.</summary>
public sealed class NoWorkflowFaultInjector : IWorkflowFaultInjector
{
    public static readonly NoWorkflowFaultInjector Instance = new();

    public void Reached(WorkflowFaultPoint point, string invoiceId)
    {
    }
}
