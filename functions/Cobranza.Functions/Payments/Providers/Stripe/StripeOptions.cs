using Cobranza.Functions.Security;

namespace Cobranza.Functions.Payments.Providers.Stripe;

/// <summary>
/// <c>Cobranza:Stripe:WebhookSecrets</c> (the endpoint's signing secrets, <c>whsec_…</c>; a list, for rotation) and
/// <c>Cobranza:Stripe:InvoiceMetadataKey</c> (the metadata key that names the invoice, default <c>invoice_id</c>).
/// </summary>
public sealed record StripeOptions(IReadOnlyList<string> WebhookSecrets, string InvoiceMetadataKey)
{
    public const string Section = "Cobranza:Stripe";
    public const string DefaultInvoiceMetadataKey = "invoice_id";

    public static StripeOptions Read(IConfiguration configuration) => new(
        SecuritySettings.ReadList(configuration, Section + ":WebhookSecrets"),
        configuration[Section + ":InvoiceMetadataKey"] is { Length: > 0 } key ? key : DefaultInvoiceMetadataKey);
}
