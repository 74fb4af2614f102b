using Azure.Data.Tables;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cobranza.Workflow.Dtfx;

public static class DtfxServiceCollectionExtensions
{
    /// <summary>
    /// The case workflow on the standalone engine: settings from <c>Cobranza:Durable</c>, the task hub and the case
    /// store on the storage account <paramref name="storage"/> gives, the engine as a hosted service. The application
    /// registers its <see cref="ICaseEffectRunner"/> and any <see cref="ICaseCommitObserver"/>s.
    /// </summary>
    public static IServiceCollection AddCaseWorkflowOnDtfx(
        this IServiceCollection services, IConfiguration configuration, StorageAccountClientProvider storage, TableServiceClient tables)
    {
        var workflow = configuration.GetSection(CaseWorkflowOptions.Section).Get<CaseWorkflowOptions>() ?? new CaseWorkflowOptions();
        var engine = configuration.GetSection(CaseWorkflowOptions.Section).Get<DtfxEngineOptions>() ?? new DtfxEngineOptions();
        services.AddSingleton(workflow);
        services.AddSingleton(engine);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkflowFaultInjector>(NoWorkflowFaultInjector.Instance);
        services.AddSingleton(new CaseStore(tables, workflow));
        services.AddSingleton<CaseCommitSignals>();
        services.AddSingleton<CaseCommitter>();
        services.AddSingleton<CaseWorkflowClient>();
        services.AddSingleton(sp => new DtfxEngine(
            new AzureStorageOrchestrationService(Settings(workflow, engine, storage, sp.GetRequiredService<ILoggerFactory>())),
            sp.GetRequiredService<CaseStore>(), engine, sp, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<DtfxEngine>());
        services.AddSingleton<ICaseOrchestrations>(sp => new DtfxCaseOrchestrations(sp.GetRequiredService<DtfxEngine>().Client));
        return services;
    }

    internal static AzureStorageOrchestrationServiceSettings Settings(
        CaseWorkflowOptions workflow, DtfxEngineOptions engine, StorageAccountClientProvider storage, ILoggerFactory loggers) => new()
    {
        TaskHubName = workflow.HubName,
        // Partition leases are held per worker id: two processes on one machine (or a restart before the old leases
        // expired) must not pass for the same worker.
        WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
        StorageAccountClientProvider = storage,
        PartitionCount = engine.Partitions,
        MaxQueuePollingInterval = engine.MaxPollingInterval,
        ControlQueueBatchSize = engine.ControlQueueBatchSize,
        ControlQueueVisibilityTimeout = engine.ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = engine.WorkItemQueueVisibilityTimeout,
        MaxConcurrentTaskActivityWorkItems = engine.MaxConcurrentActivityFunctions,
        MaxConcurrentTaskOrchestrationWorkItems = engine.MaxConcurrentOrchestratorFunctions,
        ExtendedSessionsEnabled = engine.ExtendedSessionsEnabled,
        LoggerFactory = loggers,
    };
}
