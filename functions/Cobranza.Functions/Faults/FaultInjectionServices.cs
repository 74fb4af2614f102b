using Cobranza.Durable;

namespace Cobranza.Functions.Faults;

public static class FaultInjectionServices
{
    /// <summary>
    /// Registers the process-killing injector when <see cref="CrashAtSetting.CrashAtKey"/> is set (before the durable
    /// runtime registers its no-op default); an invalid setting throws, so the app refuses to start.
    /// </summary>
    public static IServiceCollection AddFaultInjection(this IServiceCollection services, IConfiguration configuration)
    {
        if (CrashAtSetting.Read(configuration) is { } crashAt)
        {
            services.AddSingleton<IDurableFaultInjector>(new ProcessKillingFaultInjector(crashAt));
        }

        return services;
    }
}
