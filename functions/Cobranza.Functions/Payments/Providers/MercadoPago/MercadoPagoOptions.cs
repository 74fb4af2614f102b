namespace Cobranza.Functions.Payments.Providers.MercadoPago;

/// <summary>
/// <c>Cobranza:MercadoPago:WebhookSecret</c> (the secret Mercado Pago shows for the application's webhooks),
/// <c>Cobranza:MercadoPago:AccessToken</c> (the application's access token, to read the payment a notification names)
/// and <c>Cobranza:MercadoPago:ApiBaseUrl</c> (default <c>https://api.mercadopago.com</c>; the tests point it at a fake).
/// </summary>
public sealed record MercadoPagoOptions(string? WebhookSecret, string? AccessToken, Uri ApiBaseUrl)
{
    public const string Section = "Cobranza:MercadoPago";
    public static readonly Uri DefaultApiBaseUrl = new("https://api.mercadopago.com/");

    public static MercadoPagoOptions Read(IConfiguration configuration) => new(
        Blank(configuration[Section + ":WebhookSecret"]),
        Blank(configuration[Section + ":AccessToken"]),
        configuration[Section + ":ApiBaseUrl"] is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : DefaultApiBaseUrl);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
