namespace Cobranza.Messaging.Templates;

/// <summary>How templates are loaded (configuration section <c>Cobranza:Templates</c>).</summary>
public sealed class MessageTemplateOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cobranza:Templates";

    /// <summary>
    /// How long loaded overrides are trusted before <see cref="TemplateRenderer.RenderAsync"/> reads the store again, so
    /// an edit made on another instance shows up without a restart.
    /// <value>The default value is 1 minute.</value>
    /// </summary>
    public TimeSpan OverrideRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
