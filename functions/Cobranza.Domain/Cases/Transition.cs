namespace Cobranza.Domain;

/// <summary>Accumulates what one decision changes, so each rule reads as a sequence of steps.</summary>
internal sealed class Transition(DunningCase state, DateTimeOffset now)
{
    private readonly List<CaseEvent> _history = [];
    private readonly List<CaseEffect> _effects = [];

    public DunningCase Case { get; set; } = state;
    public DateTimeOffset Now { get; } = now;
    public CaseTimer Timer { get; set; } = CaseTimer.Keep;

    public void Record(string type, params (string Key, object? Value)[] details) =>
        _history.Add(new CaseEvent(type, details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal)));

    public void Emit(CaseEffect effect) => _effects.Add(effect);

    /// <summary>Schedules the pending timer and mirrors it in <see cref="DunningCase.NextActionAt"/>.</summary>
    public void ScheduleAt(DateTimeOffset dueAt, string tag)
    {
        Timer = CaseTimer.At(dueAt, tag);
        Case = Case with { NextActionAt = dueAt };
    }

    public void ClearSchedule()
    {
        Timer = CaseTimer.Clear;
        Case = Case with { NextActionAt = null };
    }

    public CaseOutcome Done(ReplyKind reply = ReplyKind.Changed) =>
        new(Case with { UpdatedAt = Now }, _history, _effects, Timer, reply);
}
