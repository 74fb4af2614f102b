namespace Cobranza.Functions.Debtors;

/// <summary>The weekly contact cap as a pure decision over a debtor's contact record.</summary>
public static class ContactCap
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>The record with the contact added (or unchanged when the key is already in it), or when to try again.</summary>
    public sealed record Decision(ContactRecord Updated, DateTimeOffset? RetryAt);

    public static Decision Reserve(ContactRecord record, string contactKey, DateTimeOffset now, int maxPer7Days)
    {
        var recent = record.Contacts.Where(c => c.At > now - Window).OrderBy(c => c.At).ToList();
        if (recent.Any(c => c.Key == contactKey))
        {
            return new Decision(record, null);
        }

        if (recent.Count >= maxPer7Days)
        {
            // The slot frees when enough of the oldest contacts leave the 7-day window.
            return new Decision(record, recent[recent.Count - maxPer7Days].At + Window);
        }

        return new Decision(record with { Contacts = [.. recent, new ContactRecord.Contact(contactKey, now)] }, null);
    }
}
