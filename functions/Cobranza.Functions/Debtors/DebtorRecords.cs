namespace Cobranza.Functions.Debtors;

/// <summary>What a message about to go out needs of its debtor: the contact record and every invoice of the debtor.</summary>
public sealed record DebtorRecords(ContactRecord Contacts, IReadOnlyList<string> Invoices);
