namespace Cobranza.Domain.Tests.Builders;

/// <summary>Policies built in code; <see cref="Standard"/> is the same ladder as <see cref="DefaultPolicy.Document"/>.</summary>
public sealed class PolicyBuilder
{
    private readonly List<PolicyStep> _steps = [];
    private string _name = DunningPolicy.DefaultName;
    private int _version = 1;
    private PolicyHandoff _handoff = new(HandoffTarget.Legal, IsoDuration.Parse("P14D"));
    private IsoDuration _promiseGrace = DunningPolicy.DefaultPromiseGrace;
    private ContactRules? _contactRules;

    /// <summary>friendly (P1D, email), firm, formal, final (P7D each, email and SMS); legal after P14D; grace P2D.</summary>
    public static PolicyBuilder Standard() => new PolicyBuilder()
        .WithStep("P1D", "recordatorio-amable", Tone.Friendly, Channel.Email)
        .WithStep("P7D", "recordatorio-firme", Tone.Firm, Channel.Email, Channel.Sms)
        .WithStep("P7D", "aviso-formal", Tone.Formal, Channel.Email, Channel.Sms)
        .WithStep("P7D", "ultimo-aviso", Tone.Final, Channel.Email, Channel.Sms);

    /// <summary>A policy with no steps yet, to be given its own with <see cref="WithStep"/>.</summary>
    public static PolicyBuilder Empty() => new();

    public PolicyBuilder Named(string name, int version = 1)
    {
        _name = name;
        _version = version;
        return this;
    }

    public PolicyBuilder WithStep(string wait, string template, Tone tone, params Channel[] channels)
    {
        _steps.Add(new PolicyStep(IsoDuration.Parse(wait), channels, template, tone));
        return this;
    }

    /// <summary>Changes the wait of step <paramref name="step"/> (1-based).</summary>
    public PolicyBuilder WithWait(int step, string wait)
    {
        _steps[step - 1] = _steps[step - 1] with { Wait = IsoDuration.Parse(wait) };
        return this;
    }

    public PolicyBuilder HandingOffTo(HandoffTarget to, string wait = "P14D")
    {
        _handoff = new PolicyHandoff(to, IsoDuration.Parse(wait));
        return this;
    }

    public PolicyBuilder WithPromiseGrace(string grace)
    {
        _promiseGrace = IsoDuration.Parse(grace);
        return this;
    }

    /// <summary>Restricts contact to <paramref name="rules"/> (by default a built policy has no contact rules).</summary>
    public PolicyBuilder WithContactRules(ContactRules rules)
    {
        _contactRules = rules;
        return this;
    }

    public PolicyBuilder WithContactRules(ContactRulesBuilder rules) => WithContactRules(rules.Build());

    public DunningPolicy Build() => new(_name, _version, _steps.ToList(), _handoff, _promiseGrace, _contactRules);
}
