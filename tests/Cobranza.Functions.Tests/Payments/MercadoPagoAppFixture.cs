using Cobranza.Functions.Tests.Support;
using Cobranza.Testing.MercadoPago;

namespace Cobranza.Functions.Tests.Payments;

/// <summary>The app with Mercado Pago webhooks configured, reading payments from a fake Mercado Pago API on loopback.</summary>
public sealed class MercadoPagoAppFixture : AppFixture
{
    private FakeMercadoPagoApi? _mercadoPago;

    public FakeMercadoPagoApi MercadoPago => _mercadoPago ?? throw new InvalidOperationException("The fake Mercado Pago API is not started.");

    public override async Task InitializeAsync()
    {
        _mercadoPago = await FakeMercadoPagoApi.StartAsync(MercadoPagoObjects.AccessToken);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_mercadoPago is not null)
        {
            await _mercadoPago.DisposeAsync();
        }
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Cobranza:MercadoPago:WebhookSecret"] = MercadoPagoObjects.Secret;
        settings["Cobranza:MercadoPago:AccessToken"] = MercadoPagoObjects.AccessToken;
        settings["Cobranza:MercadoPago:ApiBaseUrl"] = MercadoPago.Endpoint.ToString();
    }
}
