using System.Globalization;
using Cobranza.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Sends SMS through ACS (<c>POST /sms</c>). Each send carries, per recipient, a <c>repeatabilityRequestId</c> derived
/// from the idempotency key and a <c>repeatabilityFirstSent</c> from when the message was decided, both the same on
/// every retry, so ACS refuses to send a repeat; a refused repeat means the first attempt got through.
/// </summary>
/// <remarks>Construct through <see cref="AcsChannels.AddAcsChannels"/>: the <see cref="HttpClient"/> authenticates.</remarks>
public sealed partial class AcsSmsChannel(
    HttpClient http,
    IOptions<AcsOptions> options,
    TimeProvider time,
    ILogger<AcsSmsChannel> logger) : IMessageChannel
{
    /// <summary>The longest message ACS takes.</summary>
    public const int MaxMessageLength = 2048;

    private readonly AcsOptions _options = options.Value;
    private readonly Uri _endpoint = options.Value.ResolveEndpoint();
    private readonly AcsRequestRunner _runner = new(http, options.Value, time, logger);

    /// <inheritdoc />
    /// <exception cref="MessageSendException">ACS did not send the SMS; <see cref="MessageSendException.IsTransient"/> says whether to try again.</exception>
    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != Channel.Sms)
        {
            throw new ArgumentException($"The ACS SMS channel cannot send a {message.Channel} message.", nameof(message));
        }

        if (message.Body.Length > MaxMessageLength)
        {
            throw new MessageSendException(
                $"SMS {message.MessageId} has {message.Body.Length} characters; ACS takes {MaxMessageLength} at most.",
                isTransient: false);
        }

        var repeatabilityRequestId = AcsIds.FromIdempotencyKey(message.IdempotencyKey).ToString("D");
        var request = new SmsRequest(
            _options.SmsFrom ?? throw new InvalidOperationException($"{AcsOptions.Section}:{nameof(AcsOptions.SmsFrom)} is required."),
            [new SmsRecipient(
                message.To,
                repeatabilityRequestId,
                message.FirstAttemptAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture))],
            message.Body,
            new SmsSendOptions(EnableDeliveryReport: true, Tag: message.MessageId));
        var uri = new Uri($"{_endpoint.AbsoluteUri}sms?api-version={Uri.EscapeDataString(_options.SmsApiVersion)}");

        using var response = await _runner.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = AcsJson.Content(request) },
            "SMS send",
            cancellationToken);
        var results = await AcsJson.ReadAsync<SmsResponse>(response, cancellationToken);
        var result = results?.Value?.FirstOrDefault(r => string.Equals(r.To, message.To, StringComparison.Ordinal))
            ?? (results?.Value is [var only] ? only : null);
        if (result is null)
        {
            // Sending again is safe: the repeatability id makes ACS refuse a second copy.
            throw new MessageSendException(
                $"ACS answered SMS {message.MessageId} without a result for its recipient.", isTransient: true);
        }

        if (string.Equals(result.RepeatabilityResult, "rejected", StringComparison.OrdinalIgnoreCase))
        {
            // ACS refuses a request whose repeatability id it has already accepted: an earlier attempt sent it.
            LogRepeatRejected(logger, message.MessageId, message.InvoiceId);
            return new SendReceipt(time.GetUtcNow(), result.MessageId ?? repeatabilityRequestId);
        }

        if (result.Successful && result.MessageId is { Length: > 0 } messageId)
        {
            LogSent(logger, message.MessageId, message.InvoiceId, messageId);
            return new SendReceipt(time.GetUtcNow(), messageId);
        }

        // errorMessage is left out: it can quote the phone number.
        var transient = result.HttpStatusCode is 429 or 408 or >= 500;
        LogRecipientFailed(logger, message.MessageId, message.InvoiceId, result.HttpStatusCode);
        throw new MessageSendException(
            $"ACS did not send SMS {message.MessageId}: recipient status {result.HttpStatusCode}.", transient);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS sent SMS {MessageId} of invoice {InvoiceId} as {ProviderMessageId}")]
    private static partial void LogSent(ILogger logger, string messageId, string invoiceId, string providerMessageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS refused SMS {MessageId} of invoice {InvoiceId} as a repeat: an earlier attempt sent it")]
    private static partial void LogRepeatRejected(ILogger logger, string messageId, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS did not send SMS {MessageId} of invoice {InvoiceId}: recipient status {HttpStatusCode}")]
    private static partial void LogRecipientFailed(ILogger logger, string messageId, string invoiceId, int httpStatusCode);

    private sealed record SmsRequest(
        string From, IReadOnlyList<SmsRecipient> SmsRecipients, string Message, SmsSendOptions SmsSendOptions);

    private sealed record SmsRecipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

    private sealed record SmsSendOptions(bool EnableDeliveryReport, string? Tag);

    private sealed record SmsResponse(IReadOnlyList<SmsSendResult>? Value);

    private sealed record SmsSendResult(
        string? To, string? MessageId, int HttpStatusCode, string? RepeatabilityResult, bool Successful, string? ErrorMessage);
}
