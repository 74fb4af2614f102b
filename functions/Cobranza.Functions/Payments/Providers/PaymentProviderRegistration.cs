namespace Cobranza.Functions.Payments.Providers;

public static class PaymentProviderRegistration
{
    /// <summary>Adds a provider: its webhook route is <c>POST /api/payments/{name}</c> (mapped by <see cref="ProviderWebhooksApi"/>).</summary>
    public static IServiceCollection AddPaymentProvider<T>(this IServiceCollection services)
        where T : class, IPaymentProvider =>
        services.AddSingleton<IPaymentProvider, T>();
}
