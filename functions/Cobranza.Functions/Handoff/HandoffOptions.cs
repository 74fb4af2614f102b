namespace Cobranza.Functions.Handoff;

/// <summary>Where handed-off cases are announced (configuration section <c>Cobranza:Handoff</c>).</summary>
public sealed class HandoffOptions
{
    public const string Section = "Cobranza:Handoff";

    public HandoffDestination Legal { get; set; } = new();
    public HandoffDestination Agency { get; set; } = new();
}

/// <summary>
/// One destination: <see cref="WebhookUrl"/> receives a signed POST naming the case file's location; <see cref="Secret"/>
/// signs it (<c>X-Cobranza-Signature: t=…,v1=…</c>). Without a URL the file is written and the history says nobody was notified.
/// </summary>
public sealed class HandoffDestination
{
    public Uri? WebhookUrl { get; set; }
    public string? Secret { get; set; }
}
