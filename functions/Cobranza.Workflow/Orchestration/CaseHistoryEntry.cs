namespace Cobranza.Workflow;

/// <summary>One entry of a case's history as stored: its sequence number (1, 2, …), time, type, actor and details (JSON).</summary>
public sealed record CaseHistoryEntry(long Seq, DateTimeOffset At, string Type, string Actor, string Details);
