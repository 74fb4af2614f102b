using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Workflow.Dtfx;

/// <summary>
/// The case workflow on DTFx's <see cref="TaskHubWorker"/> and Azure Storage provider: creates the task hub (and the
/// case store) at start, runs the case orchestrator and its activities through the Durable Task SDK's shims, and stops
/// the worker gracefully (work in hand is finished or left to be retried).
/// </summary>
public sealed class DtfxEngine : IHostedService, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker? _worker;
    private readonly CaseStore _store;
    private int _stopped;

    internal DtfxEngine(AzureStorageOrchestrationService service, CaseStore store, DtfxEngineOptions options, IServiceProvider services, ILoggerFactory loggers)
    {
        _service = service;
        _store = store;
        Client = new TaskHubClient(service, new CobranzaDataConverter(), loggers);
        if (!options.Enabled)
        {
            return;
        }

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions
        {
            DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(Cobranza.Domain.CobranzaJson.Options),
            MaximumTimerInterval = options.MaximumTimerInterval,
        }, loggers);
        _worker = new TaskHubWorker(service, loggers);
        _worker.AddTaskOrchestrations(new OrchestratorCreator(shims, services.GetRequiredService<IWorkflowFaultInjector>()));
        _worker.AddTaskActivities(
            new ActivityCreator<CommitCaseActivity>(CommitCaseActivity.Name, services, shims),
            new ActivityCreator<RunCaseEffectActivity>(RunCaseEffectActivity.Name, services, shims));
    }

    public TaskHubClient Client { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();
        await _store.CreateTableAsync(cancellationToken);
        if (_worker is not null)
        {
            await _worker.StartAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopWorkerAsync(isForced: false);

    public async ValueTask DisposeAsync() => await StopWorkerAsync(isForced: true);

    private async Task StopWorkerAsync(bool isForced)
    {
        // TaskHubWorker cannot be stopped twice: the first stop disposes it.
        if (_worker is not null && Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _worker.StopAsync(isForced);
            _worker.Dispose();
        }
    }
}
