using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>Registers the durable runtime in a service collection.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Registers the runtime for one state type: <see cref="DurableOptions"/> bound from <c>Cobranza:Durable</c> and
    /// validated at start, <see cref="StorageClients"/> for <paramref name="connectionString"/>, <see cref="IDurableClient{TState}"/>,
    /// <see cref="IControlQueueMessageHandler"/>, <see cref="TimerPump"/>, <see cref="DurableStorageInitializer"/> and the
    /// hosted <see cref="DurableWorker"/>. A <see cref="TimeProvider"/> already registered is used, else the system clock;
    /// an <see cref="IDurableFaultInjector"/> already registered is used, else <see cref="NoDurableFaultInjector"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (the section <c>Cobranza:Durable</c> is read from it).</param>
    /// <param name="connectionString">Azure Storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</param>
    /// <param name="configureClientOptions">Applied to the table, queue and blob client options, e.g. to add an HTTP pipeline policy.</param>
    public static IServiceCollection AddDurableRuntime<TState, TLogic, TExecutor>(
        this IServiceCollection services,
        IConfiguration configuration,
        string connectionString,
        Action<ClientOptions>? configureClientOptions = null)
        where TState : class
        where TLogic : class, IInstanceLogic<TState>
        where TExecutor : class, IEffectExecutor<TState>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.AddOptions<DurableOptions>().Bind(configuration.GetSection(DurableOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableOptions>, DurableOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDurableFaultInjector>(NoDurableFaultInjector.Instance);

        services.AddSingleton(_ => new StorageClients(connectionString, configureClientOptions));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DurableOptions>>().Value;
            return new StorageLayout(options.HubName, options.Partitions);
        });
        services.AddSingleton<ListenerWakeups>();
        services.AddSingleton<ControlQueueSender>();
        services.AddSingleton<TimerStore>();
        services.AddSingleton<KeyedAsyncLock>();
        services.AddSingleton<EffectWorkQueue<TState>>();
        services.AddSingleton<LocalCommits>();
        services.AddSingleton<DurableStorageInitializer>();

        services.AddSingleton<IInstanceLogic<TState>, TLogic>();
        services.AddSingleton<IEffectExecutor<TState>, TExecutor>();
        services.AddSingleton<StateRowCodec<TState>>();
        services.AddSingleton<InstanceStore<TState>>();
        services.AddSingleton<InstanceProcessor<TState>>();
        services.AddSingleton<IInstanceScanner<TState>, InstanceScanner<TState>>();
        services.AddSingleton<EffectDispatcher<TState>>();
        services.AddSingleton<EffectGate<TState>>();
        services.AddSingleton<IEffectGate<TState>>(sp => sp.GetRequiredService<EffectGate<TState>>());
        services.AddSingleton<IEffectDispatcher>(sp => sp.GetRequiredService<EffectDispatcher<TState>>());
        services.AddSingleton<IControlQueueMessageHandler, ControlQueueMessageHandler<TState>>();
        services.AddSingleton<ControlQueueListener>();

        // Public types with internal constructors (their dependencies are internal) are built here.
        services.AddSingleton(sp => new DurableClient<TState>(
            sp.GetRequiredService<InstanceProcessor<TState>>(),
            sp.GetRequiredService<InstanceStore<TState>>()));
        services.AddSingleton<IDurableClient<TState>>(sp => sp.GetRequiredService<DurableClient<TState>>());
        services.AddSingleton(sp => new TimerPump(
            sp.GetRequiredService<TimerStore>(),
            sp.GetRequiredService<ControlQueueSender>(),
            sp.GetRequiredService<IDurableFaultInjector>(),
            sp.GetRequiredService<IOptions<DurableOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TimerPump>>()));
        services.AddHostedService(sp => new DurableWorker(
            sp.GetRequiredService<DurableStorageInitializer>(),
            sp.GetRequiredService<TimerPump>(),
            sp.GetRequiredService<ControlQueueListener>(),
            sp.GetRequiredService<IEffectDispatcher>(),
            sp.GetRequiredService<StorageLayout>(),
            sp.GetRequiredService<IOptions<DurableOptions>>(),
            sp.GetRequiredService<ILogger<DurableWorker>>()));
        return services;
    }
}
