namespace Cobranza.Workflow;

/// <summary>
/// Settings of the case workflow (<c>Cobranza:Durable</c>, the section the README has always documented). The task hub
/// itself (its tables and queues) is the engine's: the Durable extension's host.json settings in Azure,
/// <c>DtfxEngineOptions</c> in the standalone host.
/// </summary>
public sealed class CaseWorkflowOptions
{
    public const string Section = "Cobranza:Durable";

    /// <summary>The task hub: the engine's tables and queues and the case store are named after it.</summary>
    public string HubName { get; set; } = "cobranza";

    /// <summary>How long a caller waits for a case's orchestration to answer a command before it is told the command is accepted but pending.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Table of the case store.</summary>
    public string CasesTable => HubName + "Cases";
}
