using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Cobranza.Functions.Payments;

/// <summary>
/// Every payment ever received, by payment id (the idempotency key of the payment webhook), plus an index partition of
/// the unmatched ones so that listing them, or finding those of a newly opened invoice, reads one small partition.
/// </summary>
public sealed class PaymentLedger(TableClient table)
{
    private const string RecordRow = "payment";
    private const string ReversalsRow = "reversals";

    // '~' cannot occur in an id (ids allow letters, digits and . _ - :), so this partition never collides with a payment's.
    private const string UnmatchedPartition = "~unmatched";

    public async Task<PaymentRecord?> GetAsync(string paymentId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(paymentId, RecordRow, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>
    /// Stores the payment, and keeps the unmatched index in step: an unmatched payment is listed there; one that
    /// <paramref name="wasUnmatched"/> (stored as unmatched before) is taken off it. A payment applied at once was never
    /// listed, so it costs no delete.
    /// </summary>
    public async Task RecordAsync(PaymentRecord payment, bool wasUnmatched, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(ToEntity(payment, payment.PaymentId, RecordRow), TableUpdateMode.Replace, cancellationToken);
        if (payment.Status == PaymentRecord.Unmatched)
        {
            await table.UpsertEntityAsync(ToEntity(payment, UnmatchedPartition, payment.PaymentId), TableUpdateMode.Replace, cancellationToken);
        }
        else if (wasUnmatched)
        {
            await table.DeleteEntityAsync(UnmatchedPartition, payment.PaymentId, ETag.All, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<PaymentRecord>> ListUnmatchedAsync(string? invoiceId, CancellationToken cancellationToken)
    {
        var filter = invoiceId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {UnmatchedPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {UnmatchedPartition} and InvoiceId eq {invoiceId}");
        var payments = new List<PaymentRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            payments.Add(Read(row));
        }

        return payments;
    }

    public async Task<(PaymentReversals Reversals, ETag ETag)> GetReversalsAsync(string paymentId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(paymentId, ReversalsRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return (PaymentReversals.None, default);
        }

        var r = row.Value!;
        return (new PaymentReversals(
            decimal.Parse(r.GetString("Refunded"), CultureInfo.InvariantCulture), r.GetDateTimeOffset("RefundedAsOf"),
            decimal.Parse(r.GetString("ChargedBack"), CultureInfo.InvariantCulture), r.GetDateTimeOffset("ChargedBackAsOf")), r.ETag);
    }

    /// <summary>Writes the reversals if the row is still as read (<paramref name="etag"/> default: not there yet); false on a concurrent change.</summary>
    public async Task<bool> TrySaveReversalsAsync(string paymentId, PaymentReversals reversals, ETag etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(paymentId, ReversalsRow)
        {
            ["Refunded"] = reversals.Refunded.ToString(CultureInfo.InvariantCulture),
            ["RefundedAsOf"] = reversals.RefundedAsOf,
            ["ChargedBack"] = reversals.ChargedBack.ToString(CultureInfo.InvariantCulture),
            ["ChargedBackAsOf"] = reversals.ChargedBackAsOf,
        };
        try
        {
            if (etag == default)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Whether a provider's delivery (by its id) was already processed to the end.</summary>
    public async Task<bool> WasDeliveredAsync(string provider, string deliveryId, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(DeliveryPartition(provider), DeliveryRow(deliveryId), cancellationToken: cancellationToken)).HasValue;

    public async Task MarkDeliveredAsync(string provider, string deliveryId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(DeliveryPartition(provider), DeliveryRow(deliveryId)) { ["DeliveryId"] = deliveryId, ["At"] = at }, TableUpdateMode.Replace, cancellationToken);

    // Like the unmatched index, '~' keeps these partitions apart from payment ids.
    private static string DeliveryPartition(string provider) => "~deliveries-" + provider;

    /// <summary>Delivery ids are the provider's and may hold characters a row key may not: their hash stands for them.</summary>
    private static string DeliveryRow(string deliveryId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(deliveryId)));

    private static TableEntity ToEntity(PaymentRecord p, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["PaymentId"] = p.PaymentId,
        ["InvoiceId"] = p.InvoiceId,
        ["Amount"] = p.Amount.ToString(CultureInfo.InvariantCulture),
        ["Currency"] = p.Currency,
        ["PaidAt"] = p.PaidAt,
        ["Status"] = p.Status,
        ["ReceivedAt"] = p.ReceivedAt,
        ["MatchedTo"] = p.MatchedTo,
    };

    private static PaymentRecord Read(TableEntity row) => new(
        row.GetString("PaymentId"),
        row.GetString("InvoiceId"),
        decimal.Parse(row.GetString("Amount"), CultureInfo.InvariantCulture),
        row.GetString("Currency"),
        row.GetDateTimeOffset("PaidAt")!.Value,
        row.GetString("Status"),
        row.GetDateTimeOffset("ReceivedAt")!.Value,
        row.GetString("MatchedTo"));
}
