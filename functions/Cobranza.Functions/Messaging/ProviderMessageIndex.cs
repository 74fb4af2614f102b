using Azure.Data.Tables;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// Maps a provider's message id (the ACS email operation id, the SMS message id) back to the case messages it carried,
/// so a delivery report finds its case. One partition per provider id; a combined message has one row per invoice.
/// </summary>
public sealed class ProviderMessageIndex(TableClient table)
{
    public sealed record Entry(string InvoiceId, string MessageId);

    /// <summary>Records the entries in one transaction (they share the provider id's partition).</summary>
    public async Task AddAsync(string providerMessageId, IEnumerable<Entry> entries, CancellationToken cancellationToken)
    {
        var key = KeyOf(providerMessageId);
        var rows = entries
            .Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(key, $"{entry.InvoiceId}|{entry.MessageId}") { ["InvoiceId"] = entry.InvoiceId, ["MessageId"] = entry.MessageId }))
            .ToList();
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    /// <summary>Provider ids may hold characters a table key refuses ('/', '#', '?', '\\'): escaped, they are safe and unique.</summary>
    private static string KeyOf(string providerMessageId) => Uri.EscapeDataString(providerMessageId);

    public async Task<IReadOnlyList<Entry>> FindAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        var key = KeyOf(providerMessageId);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {key}"), cancellationToken: cancellationToken))
        {
            entries.Add(new Entry(row.GetString("InvoiceId"), row.GetString("MessageId")));
        }

        return entries;
    }
}
