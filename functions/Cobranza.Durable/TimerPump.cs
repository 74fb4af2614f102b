using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Moves timers that came within <see cref="DurableOptions.TimerHorizon"/> from the timers table onto their partition
/// queue (with a visibility delay until due), then deletes their rows. Rows are only ever deleted after being moved, so
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

    /// <summary>How many timer messages one sweep puts at a time.</summary>
    internal const int ConcurrentMoves = 16;

    // The limit of an entity-group transaction.
    private const int MaxRowsPerTransaction = 100;

    /// <summary>
    /// Moves every timer due within the horizon onto its queue; returns how many were moved. Page by page, the messages
    /// are put (several at a time), then the moved rows are deleted in entity-group transactions of up to 100 rows of
    /// one minute bucket, so that moving a timer costs its queue put and a hundredth of a table transaction.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var horizonEnd = _time.GetUtcNow() + _options.TimerHorizon;
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {StorageLayout.TimerBucket(horizonEnd)}");
        var moved = 0;
        await foreach (var page in _timers.Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<(TableEntity Row, RowOutcome Outcome)>();
            await Parallel.ForEachAsync(
                page.Values,
                new ParallelOptions { MaxDegreeOfParallelism = ConcurrentMoves, CancellationToken = cancellationToken },
                async (row, ct) => outcomes.Add((row, await MoveAsync(row, horizonEnd, ct).ConfigureAwait(false)))).ConfigureAwait(false);

            moved += outcomes.Count(o => o.Outcome == RowOutcome.Moved);
            await DeleteAsync([.. outcomes.Where(o => o.Outcome != RowOutcome.NotYetDue).Select(o => o.Row)], cancellationToken).ConfigureAwait(false);
        }

        if (moved > 0)
        {
            _logger.LogDebug("Moved {Count} timers from the timers table onto the control queues", moved);
        }

        return moved;
    }

    private enum RowOutcome { Moved, NotYetDue, Unreadable }

    /// <summary>Puts the row's timer on its queue if it is within the horizon; a moved or unreadable row is then deleted.</summary>
    private async Task<RowOutcome> MoveAsync(TableEntity row, DateTimeOffset horizonEnd, CancellationToken cancellationToken)
    {
        var dueAt = row.GetDateTimeOffset(TimerStore.DueAtColumn);
        var instanceId = row.GetString(TimerStore.InstanceIdColumn);
        var token = row.GetString(TimerStore.TokenColumn);
        if (dueAt is null || instanceId is null || token is null)
        {
            _logger.LogError("Timer row {RowKey} in bucket {Bucket} is incomplete; deleting it", row.RowKey, row.PartitionKey);
            return RowOutcome.Unreadable;
        }

        if (dueAt > horizonEnd)
        {
            return RowOutcome.NotYetDue; // Same minute bucket, but not yet within the horizon.
        }

        await _sender.SendTimerAsync(instanceId, token, dueAt.Value, row.GetString(TimerStore.TagColumn) ?? string.Empty, cancellationToken)
            .ConfigureAwait(false);
        _faults.Reached(DurableFaultPoint.AfterTimerSwept, instanceId);
        return RowOutcome.Moved;
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

    /// <summary>Deletes moved rows, 100 of one bucket per transaction; a chunk that fails (a row already gone) is deleted row by row.</summary>
    private async Task DeleteAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.GroupBy(row => row.PartitionKey).SelectMany(bucket => bucket.Chunk(MaxRowsPerTransaction)))
        {
            try
            {
                await _timers.Table.SubmitTransactionAsync(
                    chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                _logger.LogDebug("A timer row of bucket {Bucket} was already moved by another worker; deleting the rest one by one", chunk[0].PartitionKey);
                foreach (var row in chunk)
                {
                    await DeleteOneAsync(row, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DeleteOneAsync(TableEntity row, CancellationToken cancellationToken)
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
