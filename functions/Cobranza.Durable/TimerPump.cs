using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Moves timers that came within <see cref="DurableOptions.TimerHorizon"/> from the timers table onto their partition
/// queue (with a visibility delay until due), then deletes their row. Rows are only ever deleted after being moved, so
/// the range <c>PartitionKey le bucket(now + horizon)</c> holds just the rows that are due or nearly due. A sweep at
/// start fires right away the timers that came due while no worker ran. Several workers may move the same row: the
/// duplicate message carries the same token and is dropped as stale once the first one fired.
/// </summary>
public sealed class TimerPump
{
    private readonly TimerStore _timers;
    private readonly ControlQueueSender _sender;
    private readonly IDurableFaultInjector _faults;
    private readonly DurableOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TimerPump> _logger;

    internal TimerPump(
        TimerStore timers, ControlQueueSender sender, IDurableFaultInjector faults, IOptions<DurableOptions> options, TimeProvider time, ILogger<TimerPump> logger)
    {
        _timers = timers;
        _sender = sender;
        _faults = faults;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Moves every timer due within the horizon onto its queue; returns how many were moved.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var horizonEnd = _time.GetUtcNow() + _options.TimerHorizon;
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {StorageLayout.TimerBucket(horizonEnd)}");
        var moved = 0;
        await foreach (var row in _timers.Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var dueAt = row.GetDateTimeOffset(TimerStore.DueAtColumn);
            var instanceId = row.GetString(TimerStore.InstanceIdColumn);
            var token = row.GetString(TimerStore.TokenColumn);
            if (dueAt is null || instanceId is null || token is null)
            {
                _logger.LogError("Timer row {RowKey} in bucket {Bucket} is incomplete; deleting it", row.RowKey, row.PartitionKey);
                await DeleteAsync(row, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (dueAt > horizonEnd)
            {
                continue; // Same minute bucket, but not yet within the horizon.
            }

            await _sender.SendTimerAsync(instanceId, token, dueAt.Value, row.GetString(TimerStore.TagColumn) ?? string.Empty, cancellationToken)
                .ConfigureAwait(false);
            _faults.Reached(DurableFaultPoint.AfterTimerSwept, instanceId);
            await DeleteAsync(row, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        if (moved > 0)
        {
            _logger.LogDebug("Moved {Count} timers from the timers table onto the control queues", moved);
        }

        return moved;
    }

    /// <summary>Sweeps every <see cref="DurableOptions.TimerSweepInterval"/> until stopped; a failed sweep is logged and retried next time.</summary>
    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.TimerSweepInterval, _time, stoppingToken).ConfigureAwait(false);
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Timer sweep failed; retrying in {Interval}", _options.TimerSweepInterval);
            }
        }
    }

    private async Task DeleteAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _timers.Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _logger.LogDebug("Timer row {RowKey} was already moved by another worker", row.RowKey);
        }
    }
}
