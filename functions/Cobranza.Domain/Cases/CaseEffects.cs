namespace Cobranza.Domain;

/// <summary>A side effect decided with a transition, recorded atomically with it and executed afterwards at least once.</summary>
public abstract record CaseEffect
{
    /// <summary>Unique within the case; with the invoice id, the effect's idempotency key.</summary>
    public abstract string Id { get; }
}

/// <summary>Send one message of a step on one channel; <see cref="DecidedAt"/> is when the step fired.</summary>
public sealed record SendMessage(string MessageId, int Step, Channel Channel, string To, string Language, string Template, Tone Tone, DateTimeOffset DecidedAt) : CaseEffect
{
    public override string Id => $"message-{MessageId}";
}

/// <summary>Write the case file and notify legal or the agency.</summary>
public sealed record HandOver(HandoffTarget To) : CaseEffect
{
    public override string Id => $"handoff-{Wire.Name(To)}";
}
