namespace Cobranza.Domain.Tests.Support;

/// <summary>Assertions on a <see cref="CaseOutcome"/> that return what the next assertion needs.</summary>
public static class OutcomeAssertions
{
    /// <summary>Asserts the command changed the case and returns the new state.</summary>
    public static DunningCase AssertChanged(this CaseOutcome outcome)
    {
        Assert.Null(outcome.Rejection);
        Assert.Equal(ReplyKind.Changed, outcome.Reply);
        Assert.NotNull(outcome.State);
        return outcome.State;
    }

    /// <summary>Asserts the command was a no-op: no state, history, effects or timer change.</summary>
    public static void AssertUnchanged(this CaseOutcome outcome)
    {
        Assert.Equal(ReplyKind.Unchanged, outcome.Reply);
        Assert.Null(outcome.State);
        Assert.Empty(outcome.History);
        Assert.Empty(outcome.Effects);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    /// <summary>Asserts the command was refused for <paramref name="kind"/> without touching the case.</summary>
    public static Rejection AssertRejected(this CaseOutcome outcome, RejectionKind kind)
    {
        Assert.Equal(ReplyKind.Rejected, outcome.Reply);
        Assert.Null(outcome.State);
        Assert.Empty(outcome.History);
        Assert.Empty(outcome.Effects);
        Assert.NotNull(outcome.Rejection);
        Assert.Equal(kind, outcome.Rejection.Kind);
        return outcome.Rejection;
    }

    /// <summary>Asserts the timer was set to <paramref name="tag"/> at <paramref name="dueAt"/>, mirrored in NextActionAt.</summary>
    public static void AssertTimer(this CaseOutcome outcome, string tag, DateTimeOffset dueAt)
    {
        var timer = Assert.IsType<CaseTimer.SetTimer>(outcome.Timer);
        Assert.Equal(tag, timer.Tag);
        Assert.Equal(dueAt, timer.DueAt);
        Assert.NotNull(outcome.State);
        Assert.Equal(dueAt, outcome.State.NextActionAt);
    }

    /// <summary>Asserts the timer was cleared, mirrored in NextActionAt.</summary>
    public static void AssertTimerCleared(this CaseOutcome outcome)
    {
        Assert.Equal(CaseTimer.Clear, outcome.Timer);
        Assert.NotNull(outcome.State);
        Assert.Null(outcome.State.NextActionAt);
    }

    public static string[] HistoryTypes(this CaseOutcome outcome) => outcome.History.Select(e => e.Type).ToArray();

    public static CaseEvent Event(this CaseOutcome outcome, string type) => Assert.Single(outcome.History, e => e.Type == type);

    public static SendMessage[] Sends(this CaseOutcome outcome) => outcome.Effects.OfType<SendMessage>().ToArray();
}
