using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Handoff;
using Cobranza.Functions.Http;
using Cobranza.Functions.Json;
using Cobranza.Functions.Messaging;
using Cobranza.Functions.Payments;
using Cobranza.Functions.Policies;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Hosting;

/// <summary>Wires the app: the durable runtime for cases, the stores, channels, handoff and HTTP conventions.</summary>
public static class CobranzaServices
{
    public static IServiceCollection AddCobranza(this IServiceCollection services, IConfiguration configuration, string storageConnection)
    {
        services.AddDurableRuntime<DunningCase, CaseLogic, CaseEffectExecutor>(configuration, storageConnection);
        services.AddOptions<CompanyOptions>().Bind(configuration.GetSection(CompanyOptions.Section));
        services.AddOptions<HandoffOptions>().Bind(configuration.GetSection(HandoffOptions.Section));

        services.AddSingleton<AppTables>();
        services.AddSingleton(sp => new PolicyStore(sp.GetRequiredService<AppTables>().Policies, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PaymentLedger(sp.GetRequiredService<AppTables>().Payments));
        services.AddSingleton(sp => new BlobOutboxChannel(sp.GetRequiredService<AppTables>().Outbox, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CaseFileWriter(sp.GetRequiredService<AppTables>().Handoffs));
        services.AddSingleton<IMessageChannelFactory, OutboxChannelFactory>();
        services.AddSingleton<MessageRenderer>();
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section));
        services.AddSingleton(sp => new DebtorDirectory(sp.GetRequiredService<AppTables>().Debtors));
        services.AddSingleton(sp => new ProviderMessageIndex(sp.GetRequiredService<AppTables>().ProviderMessages));
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<PaymentService>();
        services.AddHttpClient<HandoffNotifier>();
        services.AddHostedService<AppStorageInitializer>();

        services.ConfigureHttpJsonOptions(options => CobranzaJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddOpenApi(options => options.DescribeWireTypes());
        return services;
    }
}
