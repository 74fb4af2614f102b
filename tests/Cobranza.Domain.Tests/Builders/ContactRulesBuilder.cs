namespace Cobranza.Domain.Tests.Builders;

/// <summary>
/// Contact rules written as in a policy document: by default <see cref="ContactRules.Default"/> (08:00-20:00, Mon-Sat,
/// 3 in 7 days, no holidays); each test changes what it is about.
/// </summary>
public sealed class ContactRulesBuilder
{
    private ContactRules _rules = ContactRules.Default;

    /// <summary>Hours as "HH:mm-HH:mm"; throws on text the policy reader would reject.</summary>
    public ContactRulesBuilder Hours(string hours)
    {
        if (!ContactRules.TryParseHours(hours, out var start, out var end))
        {
            throw new ArgumentException($"'{hours}' are not valid contact hours.", nameof(hours));
        }

        _rules = _rules with { HoursStart = start, HoursEnd = end };
        return this;
    }

    /// <summary>Days such as "Mon-Sat" or "Mon,Wed,Fri"; throws on text the policy reader would reject.</summary>
    public ContactRulesBuilder Days(string days)
    {
        if (!ContactRules.TryParseDays(days, out var parsed))
        {
            throw new ArgumentException($"'{days}' are not valid contact days.", nameof(days));
        }

        _rules = _rules with { Days = parsed };
        return this;
    }

    public ContactRulesBuilder MaxPer7Days(int cap)
    {
        _rules = _rules with { MaxPer7Days = cap };
        return this;
    }

    public ContactRulesBuilder Holidays(params DateOnly[] holidays)
    {
        _rules = _rules with { Holidays = holidays };
        return this;
    }

    public ContactRules Build() => _rules;
}
