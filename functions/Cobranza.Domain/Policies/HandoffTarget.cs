namespace Cobranza.Domain;

/// <summary>Who takes an unpaid case over.</summary>
public enum HandoffTarget
{
    Legal,
    Agency,
}
