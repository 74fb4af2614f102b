using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>The ids of the templates that ship, and the default one of each tone (the default policy's step templates).</summary>
public static class TemplateIds
{
    /// <summary>Friendly reminder.</summary>
    public const string FriendlyReminder = "recordatorio-amable";

    /// <summary>Firm reminder.</summary>
    public const string FirmReminder = "recordatorio-firme";

    /// <summary>Formal notice.</summary>
    public const string FormalNotice = "aviso-formal";

    /// <summary>Final notice: the last message before the case goes to legal or an external agency.</summary>
    public const string FinalNotice = "ultimo-aviso";

    /// <summary>One message listing several overdue invoices of one debtor (the model's <c>invoices</c>).</summary>
    public const string Combined = "combined";

    /// <summary>Every shipped template id.</summary>
    public static IReadOnlyList<string> All { get; } = [FriendlyReminder, FirmReminder, FormalNotice, FinalNotice, Combined];

    /// <summary>The shipped template of <paramref name="tone"/>: what an unknown template id falls back to.</summary>
    public static string ForTone(Tone tone) => tone switch
    {
        Tone.Friendly => FriendlyReminder,
        Tone.Firm => FirmReminder,
        Tone.Formal => FormalNotice,
        Tone.Final => FinalNotice,
        _ => throw new ArgumentOutOfRangeException(nameof(tone), tone, "Not a known tone."),
    };
}
