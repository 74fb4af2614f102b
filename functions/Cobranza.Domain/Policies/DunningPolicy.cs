namespace Cobranza.Domain;

/// <summary>
/// A named, versioned dunning policy. A case keeps the version it started with: the whole policy is stored in the case,
/// so later edits never change a running ladder.
/// </summary>
public sealed record DunningPolicy(
    string Name,
    int Version,
    IReadOnlyList<PolicyStep> Steps,
    PolicyHandoff Handoff,
    IsoDuration PromiseGrace,
    ContactRules? ContactRules = null,
    SmsOptions? Sms = null)
{
    // ContactRules: when the debtor may be contacted. A policy without a contactRules object has no restriction (so test
    // ladders with waits of seconds run at any hour); inside the object an omitted field takes its default.

    /// <summary>How SMS texts are prepared.</summary>
    public SmsOptions Sms { get; init; } = Sms ?? SmsOptions.Default;

    /// <summary>The policy used when a case names none.</summary>
    public const string DefaultName = "default";

    /// <summary>Grace after a promised date before the promise counts as broken, when the policy does not say.</summary>
    public static readonly IsoDuration DefaultPromiseGrace = new(0, 0, 2, TimeSpan.Zero);
}
