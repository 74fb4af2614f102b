using Cobranza.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Sends email through ACS (<c>POST /emails:send</c>), then polls the send operation until ACS has accepted the email
/// for delivery. The <c>Operation-Id</c> is derived from the idempotency key, so a retried send names the same
/// operation; the caller's effect ledger stays the real guarantee, as ACS does not document de-duplication on it.
/// </summary>
/// <remarks>Construct through <see cref="AcsChannels.AddAcsChannels"/>: the <see cref="HttpClient"/> authenticates.</remarks>
public sealed partial class AcsEmailChannel(
    HttpClient http,
    IOptions<AcsOptions> options,
    AcsEmailThrottle throttle,
    TimeProvider time,
    ILogger<AcsEmailChannel> logger) : IMessageChannel
{
    private readonly AcsOptions _options = options.Value;
    private readonly Uri _endpoint = options.Value.ResolveEndpoint();
    private readonly AcsRequestRunner _runner = new(http, options.Value, time, logger);

    /// <inheritdoc />
    /// <exception cref="MessageSendException">ACS did not take the email; <see cref="MessageSendException.IsTransient"/> says whether to try again.</exception>
    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != Channel.Email)
        {
            throw new ArgumentException($"The ACS email channel cannot send a {message.Channel} message.", nameof(message));
        }

        var sendUri = new Uri($"{_endpoint.AbsoluteUri}emails:send?api-version={Uri.EscapeDataString(_options.EmailApiVersion)}");
        var operationId = AcsIds.FromIdempotencyKey(message.IdempotencyKey).ToString("D");
        var request = new EmailRequest(
            _options.EmailFrom ?? throw new InvalidOperationException($"{AcsOptions.Section}:{nameof(AcsOptions.EmailFrom)} is required."),
            new EmailRecipients([new EmailAddress(message.To)]),
            new EmailContent(message.Subject, message.Body, message.HtmlBody),
            UserEngagementTrackingDisabled: true);

        await throttle.WaitForSendAsync(cancellationToken);

        using var accepted = await _runner.SendAsync(
            () =>
            {
                var post = new HttpRequestMessage(HttpMethod.Post, sendUri) { Content = AcsJson.Content(request) };
                post.Headers.Add("Operation-Id", operationId);
                return post;
            },
            "email send",
            cancellationToken);

        var operation = await AcsJson.ReadAsync<EmailOperation>(accepted, cancellationToken);
        var location = accepted.Headers.TryGetValues("Operation-Location", out var values)
            && Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var given)
                ? given
                : new Uri($"{_endpoint.AbsoluteUri}emails/operations/{operationId}?api-version={Uri.EscapeDataString(_options.EmailApiVersion)}");
        LogAccepted(logger, message.MessageId, message.InvoiceId, operationId);

        var deadline = time.GetUtcNow() + _options.OperationTimeout;
        var wait = _runner.ReadRetryAfter(accepted) ?? _options.OperationPollInterval;
        while (true)
        {
            var status = operation?.Status;
            if (string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase))
            {
                LogSucceeded(logger, message.MessageId, operationId);
                return new SendReceipt(time.GetUtcNow(), operation!.Id ?? operationId);
            }

            if (string.Equals(status, "Failed", StringComparison.OrdinalIgnoreCase)
                || string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase))
            {
                // The code only: ACS's error message can quote the recipient's address.
                var code = operation!.Error?.Code ?? "no error code";
                LogFailed(logger, message.MessageId, operationId, status!, code);
                throw new MessageSendException(
                    $"ACS email send operation {operationId} ended {status} ({code}).", isTransient: false);
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new MessageSendException(
                    $"ACS email send operation {operationId} did not finish within {_options.OperationTimeout} (last status {operation?.Status ?? "unknown"}).",
                    isTransient: true);
            }

            await Task.Delay(wait < left ? wait : left, time, cancellationToken);
            using var polled = await _runner.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, location), "email send status", cancellationToken);
            operation = await AcsJson.ReadAsync<EmailOperation>(polled, cancellationToken);
            wait = _runner.ReadRetryAfter(polled) ?? _options.OperationPollInterval;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS accepted email {MessageId} of invoice {InvoiceId} as operation {OperationId}")]
    private static partial void LogAccepted(ILogger logger, string messageId, string invoiceId, string operationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ACS email {MessageId} operation {OperationId} succeeded")]
    private static partial void LogSucceeded(ILogger logger, string messageId, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACS email {MessageId} operation {OperationId} ended {Status} ({ErrorCode})")]
    private static partial void LogFailed(ILogger logger, string messageId, string operationId, string status, string errorCode);

    private sealed record EmailRequest(
        string SenderAddress, EmailRecipients Recipients, EmailContent Content, bool UserEngagementTrackingDisabled);

    private sealed record EmailRecipients(IReadOnlyList<EmailAddress> To);

    private sealed record EmailAddress(string Address);

    private sealed record EmailContent(string Subject, string PlainText, string? Html);

    private sealed record EmailOperation(string? Id, string? Status, EmailOperationError? Error);

    private sealed record EmailOperationError(string? Code, string? Message);
}
