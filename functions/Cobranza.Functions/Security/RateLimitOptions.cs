namespace Cobranza.Functions.Security;

/// <summary>
/// Requests allowed per minute (<c>Cobranza:RateLimit:*</c>): per staff key, and per source (a webhook source, or the
/// client address for anything unauthenticated). Generous by default: they stop a runaway script, not normal work.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Cobranza:RateLimit";

    public int PerKeyPerMinute { get; set; } = 6_000;

    public int PerSourcePerMinute { get; set; } = 60_000;
}
