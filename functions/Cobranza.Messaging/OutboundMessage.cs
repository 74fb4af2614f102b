using Cobranza.Domain;

namespace Cobranza.Messaging;

/// <summary>
/// A rendered message ready for a channel. <see cref="IdempotencyKey"/> is the same on every retry of it, and so is
/// <see cref="FirstAttemptAt"/> (when the message was decided), which providers with repeatability headers need.
/// </summary>
public sealed record OutboundMessage(
    string IdempotencyKey,
    string InvoiceId,
    string MessageId,
    Channel Channel,
    string To,
    string Language,
    string Subject,
    string Body,
    DateTimeOffset FirstAttemptAt,
    string? HtmlBody = null);

/// <summary>What a channel reports once it took a message.</summary>
public sealed record SendReceipt(DateTimeOffset SentAt, string ProviderMessageId);
