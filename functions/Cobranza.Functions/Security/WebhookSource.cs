namespace Cobranza.Functions.Security;

/// <summary>Who signs a webhook route: the ERP (cases) or the payment system (generic payments). Each has its own secrets.</summary>
public enum WebhookSource
{
    Erp,
    Payments,
}
