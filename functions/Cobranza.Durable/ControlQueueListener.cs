using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// Receives and processes the messages of the control queues, one loop per partition: up to 32 messages at a time,
/// processed in parallel (bounded), deleted on success. A failed message reappears after 2^dequeueCount seconds (at
/// most 600) and after <see cref="DurableOptions.MaxDequeueCount"/> receives goes to the poison queue. When idle the
/// loop backs off from 50 ms to <see cref="DurableOptions.MaxPollingInterval"/>, unless this process wakes it.
/// </summary>
internal sealed class ControlQueueListener(
    ControlQueueSender sender,
    StorageClients clients,
    IControlQueueMessageHandler handler,
    ListenerWakeups wakeups,
    IDurableFaultInjector faults,
    IOptions<DurableOptions> options,
    TimeProvider time,
    ILogger<ControlQueueListener> logger)
{
    private const int BatchSize = 32;
    private static readonly TimeSpan _minPollingInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(600);
    // Settling a message (delete, retry delay, poison, release) is not cut short by shutdown: the work it records is done.
    private static readonly TimeSpan _settleTimeout = TimeSpan.FromSeconds(10);

    private readonly DurableOptions _options = options.Value;

    /// <summary>Runs the loop of one partition until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(int partition, CancellationToken stoppingToken)
    {
        var queue = sender.Queue(partition);
        var delay = _minPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(BatchSize, _options.MessageVisibilityTimeout, stoppingToken).ConfigureAwait(false);
                if (messages.Length > 0)
                {
                    delay = _minPollingInterval;
                    await ProcessBatchAsync(queue, messages, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (await wakeups.WaitAsync(partition, delay, stoppingToken).ConfigureAwait(false))
                {
                    delay = _minPollingInterval;
                }
                else
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Storage unreachable or similar: keep the loop alive and try again after the longest backoff.
                logger.LogError(ex, "Receiving from control queue {Queue} failed", queue.Name);
                delay = _options.MaxPollingInterval;
                try
                {
                    await wakeups.WaitAsync(partition, delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    private Task ProcessBatchAsync(QueueClient queue, QueueMessage[] messages, CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentMessages },
            (message, _) => new ValueTask(ProcessAsync(queue, message, stoppingToken)));

    /// <summary>
    /// Processes one message; never throws (a failure is recorded on the message itself), except what a test's fault
    /// injector throws at <see cref="DurableFaultPoint.BeforeAck"/>, which leaves the message as a crash would.
    /// </summary>
    private async Task ProcessAsync(QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            // It was received too often without being settled (e.g. it crashed the process each time).
            await MoveToPoisonAsync(queue, message, null).ConfigureAwait(false);
            return;
        }

        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(queue, message).ConfigureAwait(false);
            return;
        }
        catch (MessageNotReadyException ex)
        {
            logger.LogDebug("{Reason}", ex.Message);
            await SetVisibleInAsync(queue, message, ex.RetryIn).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await RecordFailureAsync(queue, message, ex).ConfigureAwait(false);
            return;
        }

        if (!ReferenceEquals(faults, NoDurableFaultInjector.Instance))
        {
            // Only an injector that may act needs the instance id, which costs a parse of the message.
            faults.Reached(DurableFaultPoint.BeforeAck, TryReadInstanceId(message.MessageText));
        }

        await DeleteAsync(queue, message).ConfigureAwait(false);
    }

    private async Task RecordFailureAsync(QueueClient queue, QueueMessage message, Exception error)
    {
        if (message.DequeueCount >= _options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, message, error).ConfigureAwait(false);
            return;
        }

        var retryIn = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, message.DequeueCount), _maxRetryDelay.TotalSeconds));
        logger.LogWarning(error, "A message on {Queue} failed (receive {DequeueCount} of {MaxDequeueCount}); retrying in {RetryIn}",
            queue.Name, message.DequeueCount, _options.MaxDequeueCount, retryIn);
        await SetVisibleInAsync(queue, message, retryIn).ConfigureAwait(false);
    }

    private async Task SetVisibleInAsync(QueueClient queue, QueueMessage message, TimeSpan retryIn)
    {
        using var settle = new CancellationTokenSource(_settleTimeout, time);
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: retryIn, cancellationToken: settle.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // The message then reappears when its receive visibility runs out, which is also a retry.
            logger.LogWarning(ex, "Could not set the retry delay of a message on {Queue}", queue.Name);
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueMessage message, Exception? error)
    {
        var instanceId = TryReadInstanceId(message.MessageText);
        logger.LogError(error, "A message for instance {InstanceId} on {Queue} failed {DequeueCount} times; moving it to the poison queue",
            instanceId, queue.Name, message.DequeueCount);
        using var settle = new CancellationTokenSource(_settleTimeout, time);
        try
        {
            var poison = clients.Queues.GetQueueClient(StorageLayout.PoisonQueue(queue.Name));
            await poison.SendMessageAsync(message.MessageText, TimeSpan.Zero, TimeSpan.FromSeconds(-1), settle.Token).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, settle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            logger.LogError(ex, "Could not move a message for instance {InstanceId} to the poison queue; it will be received again", instanceId);
        }
    }

    private async Task DeleteAsync(QueueClient queue, QueueMessage message)
    {
        using var settle = new CancellationTokenSource(_settleTimeout, time);
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, settle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // Processing is idempotent: if the message comes back it is found stale or with nothing left to do.
            logger.LogWarning(ex, "Could not delete a processed message on {Queue}; it will be processed again", queue.Name);
        }
    }

    /// <summary>Makes a message interrupted by shutdown visible again at once, so another worker takes it.</summary>
    private async Task ReleaseAsync(QueueClient queue, QueueMessage message)
    {
        using var settle = new CancellationTokenSource(_settleTimeout, time);
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: settle.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not release a message on {Queue} at shutdown; it reappears after its visibility timeout", queue.Name);
        }
    }

    private static string TryReadInstanceId(string messageText)
    {
        try
        {
            return ControlMessage.Parse(messageText).InstanceId;
        }
        catch (FormatException)
        {
            return "(unreadable message)";
        }
    }
}
