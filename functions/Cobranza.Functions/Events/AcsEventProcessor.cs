using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Messaging;

namespace Cobranza.Functions.Events;

/// <summary>
/// Applies Azure Communication Services events (as Event Grid delivers them, to the webhook or a storage queue): email
/// and SMS delivery reports update the message's status; an inbound SMS saying STOP opts the sender's debtors out of SMS.
/// </summary>
public sealed class AcsEventProcessor(
    ProviderMessageIndex providerIndex,
    DebtorDirectory debtors,
    MessageFailures failures,
    IDurableClient<DunningCase> cases,
    TimeProvider time,
    ILogger<AcsEventProcessor> logger)
{
    public const string EmailDeliveryReport = "Microsoft.Communication.EmailDeliveryReportReceived";
    public const string SmsDeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string SmsReceived = "Microsoft.Communication.SMSReceived";
    public const string Actor = "acs";

    /// <summary>Words that opt a debtor out of SMS, in the languages Cobranza writes in (compared without case or accents).</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "BAJA", "ALTO", "PARAR", "PARE", "SAIR", "CANCELAR",
    };

    /// <summary>Whether every field the event's type needs is present and readable text (unknown types always are).</summary>
    public static bool IsReadable(string eventType, JsonElement data) => eventType switch
    {
        EmailDeliveryReport => Readable(data, "messageId") && Readable(data, "status") && Optional(data, "deliveryStatusDetails", "statusMessage"),
        SmsDeliveryReport => Readable(data, "messageId") && Readable(data, "deliveryStatus") && Optional(data, "deliveryStatusDetails"),
        SmsReceived => Readable(data, "from") && Readable(data, "message"),
        _ => true,
    };

    private static bool Readable(JsonElement data, string name) => data.TryGetProperty(name, out var value) && JsonStrings.TryGet(value, out _);

    private static bool Optional(JsonElement data, params string[] path) => Text(data, path) is not null || !HasPath(data, path);

    private static bool HasPath(JsonElement element, string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return false;
            }
        }

        return element.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object);
    }

    /// <summary>Applies one event; unknown types are ignored (Event Grid subscriptions may carry more than we need).</summary>
    public async Task ProcessAsync(string eventType, JsonElement data, CancellationToken cancellationToken)
    {
        switch (eventType)
        {
            case EmailDeliveryReport:
                await DeliveryAsync(Text(data, "messageId"), EmailStatus(Text(data, "status")), Text(data, "deliveryStatusDetails", "statusMessage"), cancellationToken);
                break;
            case SmsDeliveryReport:
                await DeliveryAsync(Text(data, "messageId"), SmsStatus(Text(data, "deliveryStatus")), Text(data, "deliveryStatusDetails"), cancellationToken);
                break;
            case SmsReceived:
                await InboundSmsAsync(Text(data, "from"), Text(data, "message"), cancellationToken);
                break;
            default:
                logger.LogDebug("Ignored ACS event of type {EventType}", eventType);
                break;
        }
    }

    private async Task DeliveryAsync(string? providerMessageId, string? status, string? detail, CancellationToken cancellationToken)
    {
        if (providerMessageId is null || status is null)
        {
            return;
        }

        var entries = await providerIndex.FindAsync(providerMessageId, cancellationToken);
        if (entries.Count == 0)
        {
            logger.LogWarning("Delivery report for an unknown provider message {ProviderMessageId}", providerMessageId);
        }

        foreach (var entry in entries)
        {
            var result = await cases.SendAsync(entry.InvoiceId,
                CaseCommandCodec.Encode(new RecordDelivery(entry.MessageId, status, detail, time.GetUtcNow()), Actor), cancellationToken);
            if (result.Changed && status == CaseMessage.Failed && result.State?.Messages.FirstOrDefault(m => m.Id == entry.MessageId) is { } failed)
            {
                await failures.RecordAsync(failed.Channel, cancellationToken);
            }
        }
    }

    private async Task InboundSmsAsync(string? from, string? message, CancellationToken cancellationToken)
    {
        var word = message?.Trim().TrimEnd('.', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (from is null || word is null || !StopWords.Contains(word))
        {
            return;
        }

        foreach (var debtorId in await debtors.DebtorsWithPhoneAsync(from, cancellationToken))
        {
            await DebtorOptOut.ApplyAsync(debtors, cases, debtorId, Channel.Sms, "sms STOP", cancellationToken);
        }
    }

    /// <summary>ACS email statuses: Delivered; Bounced and Suppressed are hard bounces; the rest failures.</summary>
    private static string? EmailStatus(string? status) => status switch
    {
        null => null,
        "Delivered" => CaseMessage.Delivered,
        "Bounced" or "Suppressed" => CaseMessage.Bounced,
        "Expanded" => null,
        _ => CaseMessage.Failed,
    };

    private static string? SmsStatus(string? status) => status switch
    {
        null => null,
        "Delivered" => CaseMessage.Delivered,
        _ => CaseMessage.Failed,
    };

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return JsonStrings.GetOrNull(element);
    }
}
