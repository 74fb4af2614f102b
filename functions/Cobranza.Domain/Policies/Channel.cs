namespace Cobranza.Domain;

/// <summary>How a message reaches a debtor.</summary>
public enum Channel
{
    Email,
    Sms,
}
