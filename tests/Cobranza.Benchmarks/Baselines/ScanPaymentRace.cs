using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// Payments against the <see cref="ScanJob"/> while it sweeps: every case mid-ladder and due at each sweep, and each
/// case paid once at a random moment of the window by a separate writer (as an ERP or payment webhook would write
/// it: state, balance and PaidAt merged into the case's row). Counts the messages the job sent after the payment.
/// </summary>
internal static class ScanPaymentRace
{
    public static async Task<(PaymentRaceResult Race, List<SweepResult> Sweeps, IReadOnlyDictionary<string, long> Transactions)> RunAsync(
        string connectionString, int cases, TimeSpan window, TimeSpan sweepInterval, CancellationToken cancellationToken)
    {
        const string Table = "ScanRace";
        var counter = BaselineCases.CounterFor(connectionString);
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var writer = new TableClient(connectionString, Table);
        await writer.CreateIfNotExistsAsync(cancellationToken);
        var outbox = new BlobContainerClient(connectionString, "scan-race-outbox", blobOptions);
        await outbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // Mid-ladder: step 1 already sent, the next due at every sweep (a step wait far below the sweep interval).
        var ids = Enumerable.Range(0, cases).Select(i => string.Create(CultureInfo.InvariantCulture, $"SCANRACE-{i:00000}")).ToList();
        foreach (var batch in ids.Chunk(100))
        {
            await writer.SubmitTransactionAsync(batch.Select(id => new TableTransactionAction(TableTransactionActionType.Add,
                new ScanCaseRow { RowKey = id, Balance = "1500.00", Step = 1, NextDueAt = DateTimeOffset.UtcNow })), cancellationToken);
        }

        var job = new ScanJob(new TableClient(connectionString, Table, tableOptions), outbox, TimeSpan.FromSeconds(10), maxSteps: 20);
        var random = new Random(7);
        var offsets = ids.ToDictionary(id => id, _ => window * random.NextDouble());
        var paid = new ConcurrentDictionary<string, (DateTimeOffset Recorded, DateTimeOffset Acknowledged)>();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        counter.Start();
        var start = DateTimeOffset.UtcNow;
        var sweeping = job.RunAsync(sweepInterval, stop.Token);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ids.Count, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            await Task.Delay(offsets[id], ct);
            var paidAt = DateTimeOffset.UtcNow;
            var payment = new TableEntity(ScanCaseRow.Partition, id) { ["State"] = ScanCaseRow.Paid, ["Balance"] = "0.00", ["PaidAt"] = paidAt };
            await writer.UpdateEntityAsync(payment, ETag.All, TableUpdateMode.Merge, ct);
            paid[id] = (paidAt, DateTimeOffset.UtcNow);
        });
        var end = start + window;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await stop.CancelAsync();
        var sweeps = await sweeping;
        var transactions = counter.Stop();

        var sent = job.Sent.ToList();
        var race = new PaymentRaceResult(cases, paid.Count, sent.Count(m => m.SentAt >= start && m.SentAt <= end),
            sent.Count(m => m.SentAt > paid[m.CaseId].Recorded), sent.Count(m => m.SentAt > paid[m.CaseId].Acknowledged),
            window, sent.Where(m => m.SentAt > paid[m.CaseId].Recorded).Select(m => m.SentAt - paid[m.CaseId].Recorded).DefaultIfEmpty().Max());
        return (race, sweeps, transactions);
    }
}
