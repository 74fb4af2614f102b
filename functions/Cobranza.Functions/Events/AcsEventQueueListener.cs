using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Events;

/// <summary>
/// The other way ACS events arrive: an Event Grid subscription that writes to a storage queue
/// (<c>Cobranza:Acs:EventsQueue</c>, unset by default). Each message is one event; a message that keeps failing goes to
/// <c>{queue}-poison</c> after five attempts. The queue is only reachable with the storage account's credentials, so
/// no key is needed here.
/// </summary>
public sealed class AcsEventQueueListener(StorageClients clients, IConfiguration configuration, AcsEventProcessor processor, ILogger<AcsEventQueueListener> logger)
    : BackgroundService
{
    public const string QueueSetting = "Cobranza:Acs:EventsQueue";
    private const int MaxDequeueCount = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration[QueueSetting] is not { Length: > 0 } name)
        {
            return;
        }

        var queue = clients.Queues.GetQueueClient(name);
        var poison = clients.Queues.GetQueueClient(name + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var idle = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = (await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: TimeSpan.FromMinutes(1), stoppingToken)).Value;
                idle = messages.Length > 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                foreach (var message in messages)
                {
                    try
                    {
                        using var document = JsonDocument.Parse(message.Body.ToMemory());
                        var root = document.RootElement;
                        var type = root.ValueKind != JsonValueKind.Object || !JsonStrings.AllNamesReadable(root) ? null
                            : root.TryGetProperty("eventType", out var t) ? JsonStrings.GetOrNull(t)
                            : root.TryGetProperty("type", out var ct) ? JsonStrings.GetOrNull(ct) : null;
                        if (type is null || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object || !AcsEventProcessor.IsReadable(type, data))
                        {
                            // Never readable, however often it is retried: straight to the poison queue for a person to look at.
                            logger.LogWarning("ACS event message {MessageId} is not a readable event; moved to the poison queue", message.MessageId);
                            await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                            await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                        }
                        else
                        {
                            await processor.ProcessAsync(type, data, stoppingToken);
                        }

                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "ACS event message {MessageId} failed (attempt {Attempt})", message.MessageId, message.DequeueCount);
                        if (message.DequeueCount >= MaxDequeueCount)
                        {
                            await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                            await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Receiving ACS events from queue {Queue} failed", name);
                idle = TimeSpan.FromSeconds(5);
            }

            await Task.Delay(idle, stoppingToken);
        }
    }
}
