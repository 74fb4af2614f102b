namespace Cobranza.Workflow.Dtfx;

/// <summary>
/// Settings of the standalone engine (<c>Cobranza:Durable</c>, beside <see cref="CaseWorkflowOptions"/>): DTFx's Azure
/// Storage provider, named as the README documents them (Durable Functions' host.json calls them partitionCount,
/// maxQueuePollingInterval and so on). The defaults are what was measured best on one Azurite (docs/benchmarks.md).
/// </summary>
public sealed class DtfxEngineOptions
{
    /// <summary>Control queues <c>{hub}-control-00..</c>, each owned by one worker at a time (1–16).</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>The longest wait between polls of an idle queue: idle cost against wake-up time.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages read from a control queue at once.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// How long a message a worker took stays hidden from the others: when a worker dies (or stops) with messages in hand,
    /// their cases wait this long before another worker gets them. Durable Functions' default.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The same for activity messages.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxConcurrentActivityFunctions { get; set; } = 16;

    public int MaxConcurrentOrchestratorFunctions { get; set; } = 100;

    /// <summary>Keep an orchestration in memory between its events, so it is not replayed from its history each time.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    /// <summary>Timers longer than this are split into a chain by the Durable Task SDK (Durable Functions' Azure Storage default: 6 days).</summary>
    public TimeSpan MaximumTimerInterval { get; set; } = TimeSpan.FromDays(6);

    /// <summary>Run the worker in this process (false: a client only, which starts and signals cases that other processes run).</summary>
    public bool Enabled { get; set; } = true;
}
