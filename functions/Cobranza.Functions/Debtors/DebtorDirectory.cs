using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Cobranza.Domain;

namespace Cobranza.Functions.Debtors;

/// <summary>
/// What Cobranza knows of a debtor across invoices, in one table partition per debtor: the debtor's cases (to combine
/// their messages), and one contact record (the contacts of the last 7 days and the opted-out channels) guarded by its
/// ETag, so two workers cannot both take the last contact slot. A phone partition maps an inbound SMS to its debtors.
/// </summary>
public sealed class DebtorDirectory(TableClient table)
{
    private const string CasePrefix = "case|";
    private const string ContactRow = "~contacts";
    private const string DispatchRow = "~dispatch";

    // '~' cannot start an id (ids allow letters, digits and . _ - :), so these partitions never collide with a debtor's.
    private static string PhonePartition(string phone) => "~phone|" + phone;

    /// <summary>Records that <paramref name="invoiceId"/> belongs to the debtor (idempotent).</summary>
    public async Task IndexCaseAsync(Debtor debtor, string invoiceId, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(new TableEntity(debtor.Id, CasePrefix + invoiceId), TableUpdateMode.Replace, cancellationToken);
        if (debtor.Phone is { } phone)
        {
            await table.UpsertEntityAsync(new TableEntity(PhonePartition(phone), debtor.Id), TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>
    /// The debtor's contact record and invoices in one partition query (one transaction), for a message about to go out.
    /// </summary>
    public async Task<DebtorRecords> ReadAsync(string debtorId, CancellationToken cancellationToken)
    {
        var contacts = ContactRecord.Empty;
        var invoices = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {debtorId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Record"], cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(CasePrefix, StringComparison.Ordinal))
            {
                invoices.Add(row.RowKey[CasePrefix.Length..]);
            }
            else if (row.RowKey == ContactRow)
            {
                contacts = ReadRecord(row);
            }
        }

        return new DebtorRecords(contacts, invoices);
    }

    public async Task<IReadOnlyList<string>> CasesOfAsync(string debtorId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {debtorId} and RowKey ge {CasePrefix} and RowKey lt {"case}"}");
        var invoices = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            invoices.Add(row.RowKey[CasePrefix.Length..]);
        }

        return invoices;
    }

    public async Task<IReadOnlyList<string>> DebtorsWithPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        var debtors = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PhonePartition(phone)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            debtors.Add(row.RowKey);
        }

        return debtors;
    }

    /// <summary>
    /// Takes one of the debtor's contact slots for <paramref name="contactKey"/> (the same key again is the same contact:
    /// a retry or the step's other channel). Returns null when granted, else when the oldest contact in the window ages out.
    /// </summary>
    public async Task<DateTimeOffset?> TryReserveContactAsync(string debtorId, string contactKey, DateTimeOffset now, int maxPer7Days, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (record, etag) = await ReadContactsAsync(debtorId, cancellationToken);
            var decision = ContactCap.Reserve(record, contactKey, now, maxPer7Days);
            if (decision.RetryAt is { } retryAt)
            {
                return retryAt;
            }

            if (decision.Updated == record)
            {
                return null;
            }

            if (await TryWriteAsync(debtorId, decision.Updated, etag, cancellationToken))
            {
                return null;
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException($"The contact record of debtor {debtorId} is too contended to update.");
            }
        }
    }

    /// <summary>Marks <paramref name="channel"/> opted out for the debtor (idempotent).</summary>
    public async Task OptOutAsync(string debtorId, Channel channel, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (record, etag) = await ReadContactsAsync(debtorId, cancellationToken);
            if (record.OptedOut.Contains(channel) || await TryWriteAsync(debtorId, record with { OptedOut = [.. record.OptedOut, channel] }, etag, cancellationToken))
            {
                return;
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException($"The contact record of debtor {debtorId} is too contended to update.");
            }
        }
    }

    /// <summary>
    /// Takes the debtor's dispatch lease for <paramref name="holder"/> until <paramref name="until"/>, if nobody else holds an
    /// unexpired one: while one invoice combines and sends, no other invoice of the debtor sends, so two invoices due
    /// together cannot both go out alone.
    /// </summary>
    public async Task<bool> TryAcquireDispatchAsync(string debtorId, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(debtorId, DispatchRow, cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.GetString("Holder") != holder && row.Value.GetDateTimeOffset("Until") > now)
        {
            return false;
        }

        var lease = new TableEntity(debtorId, DispatchRow) { ["Holder"] = holder, ["Until"] = until };
        try
        {
            if (row.HasValue)
            {
                await table.UpdateEntityAsync(lease, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(lease, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Someone else took it between the read and the write.
            return false;
        }
    }

    public async Task ReleaseDispatchAsync(string debtorId, string holder, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(debtorId, DispatchRow, cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.GetString("Holder") == holder)
        {
            try
            {
                await table.DeleteEntityAsync(debtorId, DispatchRow, row.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Expired and taken over, or already gone: nothing of ours to release.
            }
        }
    }

    private async Task<(ContactRecord Record, ETag? ETag)> ReadContactsAsync(string debtorId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(debtorId, ContactRow, cancellationToken: cancellationToken);
        return row.HasValue ? (ReadRecord(row.Value!), row.Value!.ETag) : (ContactRecord.Empty, null);
    }

    private static ContactRecord ReadRecord(TableEntity row) =>
        JsonSerializer.Deserialize<ContactRecord>(row.GetString("Record"), CobranzaJson.Options)!;

    private async Task<bool> TryWriteAsync(string debtorId, ContactRecord record, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(debtorId, ContactRow) { ["Record"] = JsonSerializer.Serialize(record, CobranzaJson.Options) };
        try
        {
            if (etag is { } current)
            {
                await table.UpdateEntityAsync(entity, current, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another worker changed the record since it was read: read again and decide again.
            return false;
        }
    }
}
