namespace Cobranza.Functions.Messaging;

/// <summary>
/// Combining a debtor's invoices into one message (configuration section <c>Cobranza:Messages</c>).
/// </summary>
public sealed class MessagingOptions
{
    public const string Section = "Cobranza:Messages";

    /// <summary>
    /// When a step falls due, the steps of the same debtor's other invoices due within this window go out with it as one
    /// combined message. <value>The default value is one hour.</value>
    /// </summary>
    public TimeSpan CombineWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a transient provider failure waits when the provider gave no Retry-After. <value>5 minutes.</value></summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
