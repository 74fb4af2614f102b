namespace Cobranza.Durable;

/// <summary>
/// The places between deciding, persisting, enqueuing, executing and acknowledging where a crash must lose nothing and
/// repeat nothing visible. The runtime reports each to <see cref="IDurableFaultInjector"/>, so that tests can stop it
/// exactly there (see <c>Cobranza:Durable:FaultInjection:CrashAt</c> in the app).
/// </summary>
public enum DurableFaultPoint
{
    /// <summary>The logic decided a change of the instance; nothing of it is written yet.</summary>
    AfterDecide,

    /// <summary>
    /// The decision's outbound work is written (the new timer on a queue or in the timers table, the effect-recovery
    /// message), the state is not committed. Reached only by decisions that set a timer or record effects.
    /// </summary>
    AfterOutboundPrewrite,

    /// <summary>The decision is committed; its effects are not handed to the dispatcher and the replaced timer's row is not deleted.</summary>
    AfterCommit,

    /// <summary>A pending effect and the state are loaded; the executor has not run.</summary>
    BeforeEffect,

    /// <summary>
    /// Reached by an executor, not by the runtime: the outside world accepted the effect (a channel took the message),
    /// the executor has not recorded that nor returned. Only executors that report it (the app's message dispatcher) reach it.
    /// </summary>
    AfterExternalAccept,

    /// <summary>The executor returned (the message is sent); its completion is not committed and the effect row is still pending.</summary>
    AfterEffect,

    /// <summary>A control-queue message (timer or effect recovery) was processed; it is not deleted from its queue.</summary>
    BeforeAck,

    /// <summary>The timer pump put a timer that came near onto its queue; the timer's row in the timers table is not deleted.</summary>
    AfterTimerSwept,
}
