using Cobranza.Domain;

namespace Cobranza.Functions.Policies;

/// <summary>A policy as the API shows it (<c>GET /api/policies/{name}</c>).</summary>
public sealed record PolicyView(
    string Name,
    int Version,
    string? Description,
    IReadOnlyList<PolicyStepView> Steps,
    PolicyHandoffView Handoff,
    IsoDuration PromiseGrace,
    ContactRulesView? ContactRules,
    SmsOptionsView? Sms,
    DateTimeOffset CreatedAt)
{
    public static PolicyView From(DunningPolicy policy, string? description, DateTimeOffset createdAt) => new(
        policy.Name, policy.Version, description,
        policy.Steps.Select(s => new PolicyStepView(s.Wait, s.Channels, s.Template, s.Tone)).ToList(),
        new PolicyHandoffView(policy.Handoff.To, policy.Handoff.Wait),
        policy.PromiseGrace,
        policy.ContactRules is { } rules ? new ContactRulesView(rules.HoursText, rules.DaysText, rules.MaxPer7Days, rules.Holidays) : null,
        new SmsOptionsView(policy.Sms.FoldAccents),
        createdAt);

    public DunningPolicy ToPolicy()
    {
        return new DunningPolicy(Name, Version,
            Steps.Select(s => new PolicyStep(s.Wait, s.Channels, s.Template, s.Tone)).ToList(),
            new PolicyHandoff(Handoff.To, Handoff.Wait), PromiseGrace,
            ContactRules?.ToRules(),
            Sms is null ? null : new SmsOptions(Sms.FoldAccents));
    }
}

/// <summary>Contact rules as a policy document writes them: <c>{hours: "08:00-20:00", days: "Mon-Sat", maxPer7Days, holidays}</c>.</summary>
public sealed record ContactRulesView(string Hours, string Days, int MaxPer7Days, IReadOnlyList<DateOnly> Holidays)
{
    public ContactRules ToRules()
    {
        // The view was written from a validated policy, so its texts parse.
        Domain.ContactRules.TryParseHours(Hours, out var start, out var end);
        Domain.ContactRules.TryParseDays(Days, out var days);
        return new ContactRules(start, end, days, MaxPer7Days, Holidays);
    }
}

public sealed record SmsOptionsView(bool FoldAccents);

public sealed record PolicyStepView(IsoDuration Wait, IReadOnlyList<Channel> Channels, string Template, Tone Tone);

public sealed record PolicyHandoffView(HandoffTarget To, IsoDuration Wait);
