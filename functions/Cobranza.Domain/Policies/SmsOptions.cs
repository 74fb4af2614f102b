namespace Cobranza.Domain;

/// <summary>
/// SMS settings of a policy. <see cref="FoldAccents"/> replaces characters outside the GSM-7 alphabet (á, í, ó, ú, ç…)
/// by their plain letters, so a text stays in 160-character segments instead of 70.
/// </summary>
public sealed record SmsOptions(bool FoldAccents)
{
    public static readonly SmsOptions Default = new(false);
}
