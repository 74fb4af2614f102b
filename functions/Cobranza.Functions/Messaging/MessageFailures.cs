using System.Diagnostics.Metrics;
using Azure;
using Azure.Data.Tables;
using Cobranza.Domain;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// Counts messages that ended <c>failed</c>: as the metric <c>cobranza.messages.failed</c> (tagged by channel) and in a
/// stats row shared by every instance, which <c>/api/health</c> reports.
/// </summary>
public sealed class MessageFailures(TableClient stats, IMeterFactory meters, ILogger<MessageFailures> logger)
{
    public const string MeterName = "Cobranza";
    private const string Partition = "messages";
    private const string Row = "failed";
    private readonly Counter<long> _failed = meters.Create(MeterName).CreateCounter<long>("cobranza.messages.failed", description: "Messages that could not be sent or delivered.");

    public async Task RecordAsync(Channel channel, CancellationToken cancellationToken)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("channel", Wire.Name(channel)));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await stats.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
            var entity = new TableEntity(Partition, Row) { ["Count"] = (row.HasValue ? row.Value!.GetInt64("Count") ?? 0 : 0) + 1 };
            try
            {
                if (row.HasValue)
                {
                    await stats.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await stats.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance counted at the same moment: read again.
            }
        }

        logger.LogWarning("The failed-messages count could not be updated after 20 attempts");
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var row = await stats.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetInt64("Count") ?? 0 : 0;
    }
}
