using System.Text.Json.Serialization;
namespace Cobranza.Domain;

/// <summary>
/// A message of the ladder. Recorded as <c>pending</c> when its step fires (atomically with the decision); then
/// <c>deferred</c> when the contact rules or the provider make it wait (never dropped), <c>sent</c> with its rendered text
/// once the channel took it, and later <c>delivered</c> or <c>bounced</c> from the provider's delivery report; <c>failed</c>
/// when it could not be sent or delivered.
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
    DateTimeOffset? SentAt,
    DateTimeOffset? DeferredUntil = null,
    int Deferrals = 0,
    string? Detail = null,
    string? ProviderMessageId = null,
    string? CombinedWith = null)
{
    public const string Pending = "pending";
    public const string Deferred = "deferred";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
    public const string Failed = "failed";

    /// <summary>How many times a provider's transient failure reschedules a message before it is marked failed.</summary>
    public const int MaxTransientDeferrals = 3;

    /// <summary>Whether one more transient failure marks this message failed.</summary>
    [JsonIgnore] // derived: not part of the stored state
    public bool FailsOnNextTransientDeferral => Deferrals + 1 > MaxTransientDeferrals;

    /// <summary>Not settled yet: the step's next wait cannot start while a message is pending or deferred.</summary>
    [JsonIgnore] // derived: not part of the stored state
    public bool IsOutstanding => Status is Pending or Deferred;
}
