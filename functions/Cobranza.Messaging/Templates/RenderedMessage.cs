using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// A message ready for a channel. <see cref="Subject"/> is empty for SMS; <see cref="Html"/> is set for email only (the
/// plain-text body turned into paragraphs, every value HTML-encoded).
/// </summary>
public sealed record RenderedMessage(string Subject, string Body, string? Html)
{
    /// <summary>Which template produced it, after the language and template-id fallbacks.</summary>
    public required TemplateSource Source { get; init; }
}

/// <summary>The template a message came from: its id, language and channel, and whether it was an override.</summary>
public sealed record TemplateSource(string TemplateId, string Language, Channel Channel, bool IsOverride);
