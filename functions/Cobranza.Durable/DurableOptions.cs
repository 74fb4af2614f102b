namespace Cobranza.Durable;

/// <summary>
/// Settings of the durable runtime, bound from the configuration section <see cref="SectionName"/>.
/// Validated when the host starts (see <see cref="DurableOptionsValidator"/>) so a bad value fails fast, naming its key.
/// </summary>
public sealed class DurableOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cobranza:Durable";

    /// <summary>Prefix of every table and queue name: letters and digits, starting with a letter, 3–45 characters.</summary>
    public string HubName { get; set; } = "cobranza";

    /// <summary>Number of control queues that share the work (1–16), as DTFx's control queues.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>
    /// Timers due within this horizon go straight onto a queue with an initial visibility delay; later ones are kept in
    /// the timers table and moved onto a queue when they come near, so the queues only hold near-due work.
    /// </summary>
    public TimeSpan TimerHorizon { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the timer pump moves timers that came within <see cref="TimerHorizon"/> onto the queues. Must be
    /// shorter than the horizon; a timer is on its queue at least horizon − interval before it is due, so it fires on time.
    /// </summary>
    public TimeSpan TimerSweepInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest wait between two receives on an idle queue (the backoff starts at 50 ms). Long, because an idle queue
    /// costs a billed transaction per poll: this process wakes its own listener when a message it enqueued becomes
    /// visible (timers, effects), so its own work never waits for a poll; the polls only find what other processes
    /// enqueued and could not hand over (a crashed instance's recovery messages).
    /// </summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Visibility delay of the recovery message written with every decision that has effects.</summary>
    public TimeSpan EffectRecoveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a queue message may be received before it is moved to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Attempts at an effect right after its commit before it is left to the recovery message.</summary>
    public int EffectMaxAttemptsInProcess { get; set; } = 3;

    /// <summary>Effects executed at the same time by this process.</summary>
    public int MaxConcurrentEffects { get; set; } = 8;

    /// <summary>Messages of one received batch processed at the same time (per partition queue).</summary>
    public int MaxConcurrentMessages { get; set; } = 8;

    /// <summary>How long a received message stays invisible to other workers while it is processed (DTFx default: 5 minutes).</summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When true the Azure Functions host drives the work (a timer function sweeps, one queue-trigger function per control
    /// queue delivers the messages): this process then neither polls the control queues nor runs the timer pump, so that
    /// an idle app costs no transactions and can scale to zero. Effects still run in-process right after their commit.
    /// </summary>
    /// <value>The default value is false (the process drives itself, as locally and in the tests).</value>
    public bool HostDriven { get; set; }

    /// <summary>When false no background worker runs (no listeners, no pump, no effect execution); the client still works.</summary>
    public bool Enabled { get; set; } = true;
}
