using Cobranza.Domain;

namespace Cobranza.Functions.Messaging;

/// <summary>The text of a step's message: the step's own template, or the combined one listing the debtor's invoices.</summary>
public sealed class MessageComposer(MessageRenderer renderer)
{
    public sealed record Rendered(string Subject, string Body, string? Html);

    public Rendered Compose(DunningCase @case, SendMessage message, IReadOnlyList<DunningCase> joined, DateTimeOffset now)
    {
        var (subject, body) = renderer.Render(@case, message, now);
        return new Rendered(subject, body, null);
    }
}
