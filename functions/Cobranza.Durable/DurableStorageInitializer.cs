using Microsoft.Extensions.Logging;

namespace Cobranza.Durable;

/// <summary>
/// Creates the runtime's tables and queues if they do not exist. Idempotent and shared: concurrent callers await the
/// same work, and it runs once per process unless it failed. The app may await it before serving requests.
/// </summary>
public sealed class DurableStorageInitializer(StorageClients clients, StorageLayout layout, ILogger<DurableStorageInitializer> logger)
{
    private readonly Lock _gate = new();
    private Task? _created;

    /// <summary>Ensures the instances and timers tables, the control queues and their poison queues exist.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAsync(cancellationToken);
            }

            return _created;
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var queues = layout.ControlQueues.SelectMany(q => new[] { q, StorageLayout.PoisonQueue(q) });
        var work = new List<Task>
        {
            clients.Tables.GetTableClient(layout.InstancesTable).CreateIfNotExistsAsync(cancellationToken),
            clients.Tables.GetTableClient(layout.TimersTable).CreateIfNotExistsAsync(cancellationToken),
        };
        work.AddRange(queues.Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work).ConfigureAwait(false);
        logger.LogInformation("Durable storage ready for hub {HubName} ({Partitions} partitions)", layout.HubName, layout.Partitions);
    }
}
