namespace Cobranza.Domain;

/// <summary>The next rung of a case's ladder and when it is due: the pure schedule arithmetic of a policy.</summary>
public static class Ladder
{
    public const string HandoffTag = "handoff";
    public const string PromiseTag = "promise";

    public static string StepTag(int step) => $"step:{step}";

    /// <summary>
    /// What comes after the last fired step and when: step n+1 after its wait (counted from when step n was sent, or for
    /// the first step from the later of the due date's start and the opening), or the handoff after the last step.
    /// Null while the current step's messages are still going out (the wait counts from their actual sending).
    /// </summary>
    public static (string Tag, DateTimeOffset DueAt)? NextRung(DunningCase @case)
    {
        if (@case.PendingMessages > 0)
        {
            return null;
        }

        var zone = @case.Debtor.Zone;
        var policy = @case.Policy;
        if (@case.CurrentStep == 0 || @case.LastStepSentAt is null)
        {
            var dueStart = LocalClock.StartOfDay(@case.DueOn, zone);
            var anchor = dueStart > @case.OpenedAt ? dueStart : @case.OpenedAt;
            return @case.CurrentStep == 0
                ? (StepTag(1), policy.Steps[0].Wait.AddTo(anchor, zone))
                : null;
        }

        var sentAt = @case.LastStepSentAt.Value;
        return @case.CurrentStep < policy.Steps.Count
            ? (StepTag(@case.CurrentStep + 1), policy.Steps[@case.CurrentStep].Wait.AddTo(sentAt, zone))
            : (HandoffTag, policy.Handoff.Wait.AddTo(sentAt, zone));
    }

    /// <summary>The instant a promise for <paramref name="promisedOn"/> is broken: the end of that day plus the grace.</summary>
    public static DateTimeOffset PromiseDeadline(DateOnly promisedOn, IsoDuration grace, TimeZoneInfo zone) =>
        grace.AddTo(LocalClock.StartOfDay(promisedOn.AddDays(1), zone), zone);
}
