namespace Cobranza.Workflow;

/// <summary>
/// The moments where a crash tests what the workflow promises (nothing lost, each message once, nothing after a
/// payment). The robustness tests kill the process at one of them (<see cref="IWorkflowFaultInjector"/>).
/// </summary>
public enum WorkflowFaultPoint
{
    /// <summary>An opening is stored in the case store and its orchestration not started yet.</summary>
    AfterCaseStored,

    /// <summary>A command was enqueued for a case's orchestration and not yet processed (its caller gets no answer).</summary>
    AfterEventRaised,

    /// <summary>A channel took a message and the activity that sent it has not reported its completion to the engine.</summary>
    AfterChannelAccepted,

    /// <summary>The handoff file is written and the destination not yet notified.</summary>
    AfterHandoffFileWritten,

    /// <summary>An orchestration decided to continue as new, before the engine checkpointed it.</summary>
    BeforeContinueAsNew,
}
