namespace Cobranza.Domain;

/// <summary>Something that happens to a case: an ERP or payment webhook, a staff action, a timer, a channel's report.</summary>
public abstract record CaseCommand;

/// <summary>The ERP reports the invoice overdue (again, possibly with new contact data).</summary>
public sealed record OpenCase(
    string InvoiceId,
    string? InvoiceNumber,
    Debtor Debtor,
    decimal Amount,
    string Currency,
    DateOnly IssuedOn,
    DateOnly DueOn,
    string? PaymentUrl,
    DunningPolicy Policy) : CaseCommand;

/// <summary>A payment for the invoice; idempotent by <see cref="PaymentId"/>.</summary>
public sealed record ReceivePayment(string PaymentId, decimal Amount, string Currency, DateTimeOffset PaidAt) : CaseCommand;

/// <summary>
/// Money of a received payment went back to the payer: <see cref="Total"/> is the whole amount now reversed by
/// <see cref="Kind"/> (a running total, as providers report it, so a redelivery changes nothing and a won dispute sets
/// its chargeback back to zero).
/// </summary>
public sealed record ReversePayment(string PaymentId, PaymentReversal Kind, decimal Total) : CaseCommand;

/// <summary>Why money of a payment went back: the merchant refunded it, or the payer's bank took it back (a dispute).</summary>
public enum PaymentReversal
{
    Refund,
    Chargeback,
}

/// <summary>The debtor promised to pay <see cref="Amount"/> (the balance when null) by <see cref="PromisedOn"/>.</summary>
public sealed record RecordPromise(DateOnly PromisedOn, decimal? Amount, string? Note) : CaseCommand;

/// <summary>Where staff escalate a case to.</summary>
public enum EscalationTarget
{
    /// <summary>Send the next step now; at the last step, hand off.</summary>
    Next,
    Legal,
    Agency,
}

public sealed record Escalate(EscalationTarget To, string? Reason) : CaseCommand;

public sealed record Pause(string? Reason) : CaseCommand;

public sealed record Resume : CaseCommand;

public sealed record Cancel(string? Reason) : CaseCommand;

public sealed record WriteOff(string? Reason) : CaseCommand;

public sealed record AddNote(string Text) : CaseCommand;

/// <summary>The case's pending timer came due; <see cref="Tag"/> says what it was for (<c>step:2</c>, <c>handoff</c>, <c>promise</c>).</summary>
public sealed record FireTimer(string Tag, DateTimeOffset DueAt) : CaseCommand;

/// <summary>A channel took the message: it is sent, with the text the debtor reads.</summary>
public sealed record ConfirmMessage(string MessageId, string Subject, string Body, DateTimeOffset SentAt, string? ProviderMessageId = null) : CaseCommand;

/// <summary>
/// The message must wait until <see cref="Until"/>: outside the contact rules, over the debtor's weekly cap, or a
/// <see cref="Transient"/> provider failure (after a few of those the message is marked failed).
/// </summary>
public sealed record DeferMessage(string MessageId, DateTimeOffset Until, string Reason, bool Transient) : CaseCommand;

/// <summary>The message cannot be sent (a refused address, an exhausted retry budget).</summary>
public sealed record FailMessage(string MessageId, string Reason) : CaseCommand;

/// <summary>A provider's delivery report: <see cref="Status"/> is delivered, bounced or failed.</summary>
public sealed record RecordDelivery(string MessageId, string Status, string? Detail, DateTimeOffset At) : CaseCommand;

/// <summary>The debtor opted out of a channel (SMS STOP, the email unsubscribe link).</summary>
public sealed record OptOut(Channel Channel, string Source) : CaseCommand;

/// <summary>
/// Another invoice of the same debtor (<see cref="Leader"/>) is sending a step now: if this case's next step is due
/// soon, it fires now and rides along in the leader's combined message on <see cref="Channels"/> instead of sending its own.
/// The leader waits for the answer until <see cref="AnswerBy"/> and sends without this case after it, so a join decided
/// later is refused. Riding messages the leader neither confirms nor skips by <see cref="Horizon"/> go out on their own.
/// </summary>
public sealed record JoinCombined(string Leader, DateTimeOffset Horizon, IReadOnlyList<Channel> Channels, DateTimeOffset? AnswerBy = null) : CaseCommand;

/// <summary>A message was not sent because, by the time its turn came, the case no longer wanted it (paid, paused…).</summary>
public sealed record SkipMessage(string MessageId, string Reason) : CaseCommand;

/// <summary>The handoff file was written and the destination notified (or had no address configured).</summary>
public sealed record ConfirmHandoff(HandoffTarget To, string Location, bool Notified, DateTimeOffset At) : CaseCommand;
