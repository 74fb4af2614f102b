using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Events;
using Cobranza.Functions.Faults;
using Cobranza.Functions.Handoff;
using Cobranza.Functions.Http;
using Cobranza.Functions.Idempotency;
using Cobranza.Functions.Messaging;
using Cobranza.Functions.Payments;
using Cobranza.Functions.Payments.Providers;
using Cobranza.Functions.Payments.Providers.MercadoPago;
using Cobranza.Functions.Payments.Providers.Stripe;
using Cobranza.Functions.Policies;
using Cobranza.Functions.Projections;
using Cobranza.Functions.Security;
using Cobranza.Functions.Telemetry;
using Cobranza.Functions.Unsubscribe;
using Cobranza.Messaging.Acs;
using Cobranza.Messaging.Templates;
using Cobranza.Messaging.Smtp;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Hosting;

/// <summary>Wires the app: the durable runtime for cases, the stores, channels, handoff and HTTP conventions.</summary>
public static class CobranzaServices
{
    public static IServiceCollection AddCobranza(this IServiceCollection services, IConfiguration configuration, StorageConnection storageConnection, SecurityCredentials credentials)
    {
        services.AddFaultInjection(configuration);
        services.AddCobranzaTelemetry(configuration);
        services.AddDurableRuntime<DunningCase, CaseLogic, CaseEffectExecutor>(configuration, storageConnection);
        services.AddOptions<CompanyOptions>().Bind(configuration.GetSection(CompanyOptions.Section));
        services.AddOptions<HandoffOptions>().Bind(configuration.GetSection(HandoffOptions.Section));

        services.AddSingleton<AppTables>();
        services.AddSingleton(sp => new PolicyStore(sp.GetRequiredService<AppTables>().Policies, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PaymentLedger(sp.GetRequiredService<AppTables>().Payments));
        services.AddSingleton(sp => new BlobOutboxChannel(sp.GetRequiredService<AppTables>().Outbox, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CaseFileWriter(sp.GetRequiredService<AppTables>().Handoffs));
        AddSenders(services, configuration);
        services.AddMessageTemplates(configuration);
        services.AddBlobTemplateStore(sp => sp.GetRequiredService<AppTables>().Templates);
        services.AddSingleton(sp => new LinkSigner(configuration, sp.GetRequiredService<AppTables>().Keys, sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section));
        services.AddSingleton(sp => new DebtorDirectory(sp.GetRequiredService<AppTables>().Debtors));
        services.AddSingleton(sp => new ProviderMessageIndex(sp.GetRequiredService<AppTables>().ProviderMessages));
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton(sp => new MessageFailures(sp.GetRequiredService<AppTables>().Stats, sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<ILogger<MessageFailures>>()));
        services.AddSingleton<AcsEventProcessor>();
        services.AddHostedService<AcsEventQueueListener>();
        services.AddSingleton<CaseService>();
        services.AddCaseProjections();
        services.AddSingleton<StaffConsole.CaseQueries>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<PaymentService>();
        services.AddPaymentProvider<StripeProvider>();
        services.AddPaymentProvider<MercadoPagoProvider>();
        services.AddHttpClient<MercadoPagoApi>();
        services.AddExceptionHandler<MercadoPagoUnavailableHandler>();
        services.AddHttpClient<HandoffNotifier>();
        services.AddHostedService<AppStorageInitializer>();
        services.AddSingleton(sp => new IdempotencyStore(sp.GetRequiredService<AppTables>().Idempotency, sp.GetRequiredService<TimeProvider>()));
        services.AddStaffAuthorization(credentials);
        services.AddRequestRateLimiting(configuration);

        services.ConfigureHttpJsonOptions(options => CobranzaJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddOpenApi(options => options.DescribeWireTypes().DescribeSecurity());
        return services;
    }

    /// <summary>Registers the configured email and SMS senders (the outbox by default).</summary>
    private static void AddSenders(IServiceCollection services, IConfiguration configuration)
    {
        var (email, sms) = SenderOptions.Read(configuration);
        if (email == SenderOptions.Acs || sms == SenderOptions.Acs)
        {
            // Entra ID for ACS: Cobranza:Acs:ClientId (a user-assigned identity) or Cobranza:Acs:Credential=managedidentity, else DefaultAzureCredential.
            var acsCredential = AzureCredentialChoice.Read(configuration.GetSection(AcsOptions.Section), "Cobranza__Acs", clientIdAloneMeansManagedIdentity: true);
            services.AddSingleton<Azure.Core.TokenCredential>(_ => acsCredential.Create());
            services.AddAcsChannels(configuration, emailNeeded: email == SenderOptions.Acs, smsNeeded: sms == SenderOptions.Acs);
        }

        if (email == SenderOptions.Smtp)
        {
            services.AddSmtpChannel(configuration);
        }

        var emailSender = email switch
        {
            SenderOptions.Acs => typeof(AcsEmailChannel),
            SenderOptions.Smtp => typeof(SmtpEmailChannel),
            _ => typeof(BlobOutboxChannel),
        };
        var smsSender = sms == SenderOptions.Acs ? typeof(AcsSmsChannel) : typeof(BlobOutboxChannel);
        services.AddSingleton<IMessageChannelFactory>(sp => new ConfiguredChannelFactory(sp, emailSender, smsSender));
    }
}
