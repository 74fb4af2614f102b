using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Schedules timers: a timer due within the horizon goes straight onto its queue; a later one is a row in the timers
/// table (PartitionKey = due minute), which the <see cref="TimerPump"/> moves onto the queue when it comes near.
/// Parking far timers in a table keeps the queues small, which matters on Azurite (azure-brief.md section 7).
/// </summary>
internal sealed class TimerStore(
    StorageClients clients,
    StorageLayout layout,
    ControlQueueSender sender,
    IOptions<DurableOptions> options,
    TimeProvider time,
    ILogger<TimerStore> logger)
{
    public const string InstanceIdColumn = "InstanceId";
    public const string TokenColumn = "Token";
    public const string DueAtColumn = "DueAt";
    public const string TagColumn = "Tag";

    private readonly TableClient _table = clients.Tables.GetTableClient(layout.TimersTable);

    public TableClient Table => _table;

    /// <summary>Writes a new timer where it belongs. Called before the decision that sets it is committed.</summary>
    public async Task ScheduleAsync(string instanceId, string token, DateTimeOffset dueAt, string tag, CancellationToken cancellationToken)
    {
        if (IsNear(dueAt))
        {
            await sender.SendTimerAsync(instanceId, token, dueAt, tag, cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = new TableEntity(StorageLayout.TimerBucket(dueAt), StorageLayout.TimerRowKey(dueAt, instanceId, token))
        {
            [InstanceIdColumn] = instanceId,
            [TokenColumn] = token,
            [DueAtColumn] = dueAt,
            [TagColumn] = tag,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Timer of instance {InstanceId} kept in the timers table until it comes within the horizon", instanceId);
    }

    /// <summary>
    /// Deletes the row of a timer that was replaced or cleared, if it is still in the table, so that cancelling a far
    /// timer costs nothing later. Best effort: a row left behind is dropped as stale when it fires.
    /// </summary>
    public async Task DeleteIfParkedAsync(string instanceId, string token, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (IsNear(dueAt))
        {
            return; // It went to (or is being moved to) a queue: it is dropped as stale there.
        }

        try
        {
            await _table.DeleteEntityAsync(StorageLayout.TimerBucket(dueAt), StorageLayout.TimerRowKey(dueAt, instanceId, token), ETag.All, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // The decision is already committed: a failure here must not make the caller think it was not.
            logger.LogWarning(ex, "Could not delete the replaced timer of instance {InstanceId}; it will be dropped as stale when due", instanceId);
        }
    }

    private bool IsNear(DateTimeOffset dueAt) => dueAt <= time.GetUtcNow() + options.Value.TimerHorizon;
}
