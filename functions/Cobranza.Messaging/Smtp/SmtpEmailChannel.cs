using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Cobranza.Domain;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Cobranza.Messaging.Smtp;

/// <summary>
/// Sends email through an SMTP server with MailKit: one connection per message (dunning volumes are low and a fresh
/// connection cannot be left half-broken by the previous send).
/// </summary>
/// <remarks>
/// <para>SMTP has no idempotent submission: a retry after a crash between the server's acceptance and our record of it
/// sends again. What this channel does about it: the <c>Message-ID</c> is derived from
/// <see cref="OutboundMessage.IdempotencyKey"/>, so every attempt of a message carries the same id (receiving systems and
/// mail clients that collapse duplicates by Message-ID show it once) and the receipt's provider id is the same.</para>
/// <para>Failures: reply codes 4xx, connection errors, timeouts and refused authentication or TLS (configuration the
/// operator can fix, after which a retry succeeds) are transient; 5xx replies to the message (a refused recipient, a
/// rejected message) and an address that does not parse are permanent.</para>
/// </remarks>
public sealed partial class SmtpEmailChannel(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailChannel> logger) : IMessageChannel
{
    /// <summary>The header carrying <see cref="OutboundMessage.MessageId"/>, to trace a received mail back to its case message.</summary>
    public const string MessageIdHeader = "X-Cobranza-Message-Id";

    /// <summary>
    /// The Message-ID (without angle brackets) of a message with <paramref name="idempotencyKey"/>: 32 hex digits of its
    /// SHA-256, at the sender's domain (RFC 5322 wants a domain on the right, and spam filters check it).
    /// </summary>
    public static string MessageIdFor(string idempotencyKey, string fromAddress)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(fromAddress);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "cobranza";
        return $"{hash}@{domain}";
    }

    /// <inheritdoc />
    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != Channel.Email)
        {
            throw new ArgumentException($"The SMTP channel sends email, not {message.Channel}.", nameof(message));
        }

        var settings = options.Value;
        var mime = Build(message, settings);
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, SocketOptions(settings), cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
        }
        catch (Exception e) when (Classify(e, cancellationToken) is { } failure)
        {
            LogSendFailed(message.MessageId, failure.Kind, failure.StatusCode, failure.IsTransient);
            throw new MessageSendException(failure.Description, failure.IsTransient, innerException: e);
        }

        var sentAt = time.GetUtcNow();
        await QuitQuietlyAsync(client);
        LogSent(message.MessageId, mime.MessageId!);
        return new SendReceipt(sentAt, mime.MessageId!);
    }

    /// <summary>
    /// Says QUIT. The server has already accepted the message, so a failure here must not become a send failure (a retry
    /// would send the message twice); the connection is closed by disposal anyway.
    /// </summary>
    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        try
        {
            using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, quitTimeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException
            or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
        {
            // Accepted is accepted.
        }
    }

    private MimeMessage Build(OutboundMessage message, SmtpOptions settings)
    {
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            // Never quote the address: it is personal data and exceptions end up in logs.
            throw new MessageSendException("The recipient is not a valid email address.", isTransient: false);
        }

        var from = MailboxAddress.Parse(settings.From);
        var body = new BodyBuilder { TextBody = message.Body };
        if (!string.IsNullOrEmpty(message.HtmlBody))
        {
            // With both parts BodyBuilder makes multipart/alternative, plain text first as RFC 2046 asks.
            body.HtmlBody = message.HtmlBody;
        }

        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Body = body.ToMessageBody(),
            MessageId = MessageIdFor(message.IdempotencyKey, from.Address),
            Date = time.GetUtcNow(),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        mime.Headers.Add(MessageIdHeader, message.MessageId);
        return mime;
    }

    private static SecureSocketOptions SocketOptions(SmtpOptions settings) => settings switch
    {
        { UseTls: false } => SecureSocketOptions.None,
        { Port: 465 } => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>What went wrong, or null for an exception that is not a send failure (the caller cancelled).</summary>
    private static Failure? Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        MessageSendException => null,
        SmtpCommandException command => new Failure(
            "command",
            (int)command.StatusCode,
            (int)command.StatusCode is >= 400 and < 500,
            $"The SMTP server refused the message: {(int)command.StatusCode} ({command.ErrorCode})."),
        AuthenticationException => new Failure(
            "authentication", null, true, "The SMTP server refused the configured credentials (Cobranza:Smtp:User and Password)."),
        SslHandshakeException => new Failure("tls", null, true, "The TLS handshake with the SMTP server failed."),
        NotSupportedException => new Failure(
            "tls", null, true, "The SMTP server does not offer STARTTLS and Cobranza:Smtp:UseTls requires it."),
        SmtpProtocolException => new Failure("protocol", null, true, "The SMTP conversation broke off."),
        SocketException socket => new Failure("connect", (int)socket.SocketErrorCode, true, $"Could not reach the SMTP server ({socket.SocketErrorCode})."),
        TimeoutException or OperationCanceledException => new Failure("timeout", null, true, "The SMTP server did not answer in time."),
        IOException => new Failure("io", null, true, "The connection to the SMTP server failed."),
        ServiceNotConnectedException => new Failure("connect", null, true, "The connection to the SMTP server was lost."),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} accepted by the SMTP server as {ProviderMessageId}")]
    private partial void LogSent(string messageId, string providerMessageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId} not sent: {FailureKind} failure (code {StatusCode}, transient {IsTransient})")]
    private partial void LogSendFailed(string messageId, string failureKind, int? statusCode, bool isTransient);

    private sealed record Failure(string Kind, int? StatusCode, bool IsTransient, string Description);
}
