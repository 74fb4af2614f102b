using System.Text.Json.Serialization;
namespace Cobranza.Domain;

/// <summary>
/// One overdue invoice being chased: the durable state of its workflow (instance id = invoice id). It carries the policy
/// version it started with, so the decision logic needs nothing but this record, the command and the time.
/// </summary>
public sealed record DunningCase
{
    public required string InvoiceId { get; init; }
    public string? InvoiceNumber { get; init; }
    public required Debtor Debtor { get; init; }
    public required decimal Amount { get; init; }
    public required decimal Balance { get; init; }
    public decimal Overpayment { get; init; }
    public required string Currency { get; init; }
    public required DateOnly IssuedOn { get; init; }
    public required DateOnly DueOn { get; init; }
    public string? PaymentUrl { get; init; }
    public required DunningPolicy Policy { get; init; }
    public CaseState State { get; init; }
    public HandoffTarget? HandedOffTo { get; init; }
    public ClosedReason? ClosedReason { get; init; }

    /// <summary>The last step that fired (1-based); 0 before the first.</summary>
    public int CurrentStep { get; init; }

    /// <summary>When the last step's messages were all sent: the anchor of the next step's wait.</summary>
    public DateTimeOffset? LastStepSentAt { get; init; }

    /// <summary>When the pending timer (next step, handoff or promise deadline) fires; null when nothing is scheduled.</summary>
    public DateTimeOffset? NextActionAt { get; init; }

    public PaymentPromise? Promise { get; init; }

    /// <summary>While paused: the state to return to (active or promised).</summary>
    public CaseState? PausedFrom { get; init; }

    /// <summary>An email to the debtor bounced for good: later steps go by SMS when the debtor has a phone.</summary>
    public bool EmailBounced { get; init; }

    /// <summary>Channels the debtor opted out of (an SMS STOP, the email unsubscribe link).</summary>
    public IReadOnlyList<Channel> OptedOut { get; init; } = [];

    /// <summary>Why the case waits for staff (e.g. <c>noContactChannel</c>); null when it needs nothing.</summary>
    public string? Attention { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public IReadOnlyList<CaseMessage> Messages { get; init; } = [];
    public IReadOnlyList<CasePayment> Payments { get; init; } = [];

    /// <summary>Messages of <see cref="CurrentStep"/> that the channels have not taken yet (pending or deferred).</summary>
    [JsonIgnore] // derived: not part of the stored state
    public int PendingMessages => Messages.Count(m => m.Step == CurrentStep && m.IsOutstanding);

    [JsonIgnore] // derived: not part of the stored state
    public bool IsClosed => State == CaseState.Closed;
}
