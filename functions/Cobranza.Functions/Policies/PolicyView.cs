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
    DateTimeOffset CreatedAt)
{
    public static PolicyView From(DunningPolicy policy, string? description, DateTimeOffset createdAt) => new(
        policy.Name, policy.Version, description,
        policy.Steps.Select(s => new PolicyStepView(s.Wait, s.Channels, s.Template, s.Tone)).ToList(),
        new PolicyHandoffView(policy.Handoff.To, policy.Handoff.Wait),
        policy.PromiseGrace, createdAt);
}

public sealed record PolicyStepView(IsoDuration Wait, IReadOnlyList<Channel> Channels, string Template, Tone Tone);

public sealed record PolicyHandoffView(HandoffTarget To, IsoDuration Wait);
