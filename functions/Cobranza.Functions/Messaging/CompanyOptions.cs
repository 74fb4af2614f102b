namespace Cobranza.Functions.Messaging;

/// <summary>Who the messages come from (configuration section <c>Cobranza:Company</c>).</summary>
public sealed class CompanyOptions
{
    public const string Section = "Cobranza:Company";

    /// <summary>Signs every message. <value>The default value is "Cobranza".</value></summary>
    public string Name { get; set; } = "Cobranza";
}
