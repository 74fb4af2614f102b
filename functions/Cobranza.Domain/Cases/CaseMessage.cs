namespace Cobranza.Domain;

/// <summary>
/// A message of the ladder. Recorded as <c>pending</c> when its step fires (atomically with the decision), then
/// <c>sent</c> with its rendered text once the channel took it.
/// </summary>
public sealed record CaseMessage(
    string Id,
    int Step,
    Channel Channel,
    string Language,
    string To,
    string Status,
    string? Subject,
    string? Body,
    DateTimeOffset? SentAt)
{
    public const string Pending = "pending";
    public const string Sent = "sent";
}
