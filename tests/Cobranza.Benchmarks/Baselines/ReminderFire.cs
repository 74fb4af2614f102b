namespace Cobranza.Benchmarks.Baselines;

/// <summary>One reminder that went out: when it was due and when it was sent (the outbox write).</summary>
public sealed record ReminderFire(string CaseId, int Step, DateTimeOffset DueAt, DateTimeOffset SentAt)
{
    public TimeSpan Lateness => SentAt - DueAt;
}
