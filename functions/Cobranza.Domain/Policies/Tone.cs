namespace Cobranza.Domain;

/// <summary>How firm a step's wording is; the ladder climbs from friendly to final.</summary>
public enum Tone
{
    Friendly,
    Firm,
    Formal,
    Final,
}
