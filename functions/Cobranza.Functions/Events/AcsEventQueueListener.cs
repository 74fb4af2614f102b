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

    /// <summary>The event's type and data when the message is one ACS event this app reads (Event Grid or CloudEvents schema).</summary>
    public static bool TryRead(JsonElement root, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? type, out JsonElement data)
    {
        data = default;
        type = root.ValueKind != JsonValueKind.Object || !JsonStrings.AllNamesReadable(root) ? null
            : root.TryGetProperty("eventType", out var t) ? JsonStrings.GetOrNull(t)
            : root.TryGetProperty("type", out var ct) ? JsonStrings.GetOrNull(ct) : null;
        return type is not null && root.TryGetProperty("data", out data) && data.ValueKind == JsonValueKind.Object && AcsEventProcessor.IsReadable(type, data);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration[QueueSetting] is not { Length: > 0 } name)
        {
            return;
        }

        if (configuration.GetValue<bool>($"{DurableOptions.SectionName}:{nameof(DurableOptions.HostDriven)}"))
        {
            // The Functions host delivers the queue's messages to POST /AcsEvents (HostTriggersApi) instead.
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
                        if (!TryRead(document.RootElement, out var type, out var data))
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
