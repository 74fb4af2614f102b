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

    // '~' cannot occur in an id (ids allow letters, digits and . _ - :), so this partition never collides with a payment's.
    private const string UnmatchedPartition = "~unmatched";

    public async Task<PaymentRecord?> GetAsync(string paymentId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(paymentId, RecordRow, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task RecordAsync(PaymentRecord payment, CancellationToken cancellationToken)
    {
        await table.UpsertEntityAsync(ToEntity(payment, payment.PaymentId, RecordRow), TableUpdateMode.Replace, cancellationToken);
        if (payment.Status == PaymentRecord.Unmatched)
        {
            await table.UpsertEntityAsync(ToEntity(payment, UnmatchedPartition, payment.PaymentId), TableUpdateMode.Replace, cancellationToken);
        }
        else
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
