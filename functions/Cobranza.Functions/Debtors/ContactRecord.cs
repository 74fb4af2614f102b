using Cobranza.Domain;

namespace Cobranza.Functions.Debtors;

/// <summary>A debtor's recent contacts (key and time, the last 7 days) and the channels the debtor opted out of.</summary>
public sealed record ContactRecord(IReadOnlyList<ContactRecord.Contact> Contacts, IReadOnlyList<Channel> OptedOut)
{
    public static readonly ContactRecord Empty = new([], []);

    public sealed record Contact(string Key, DateTimeOffset At);
}
