using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// What one sweep of the <see cref="ScanJob"/> costs with a given number of open cases and nothing due: the storage
/// transactions (counted by <see cref="StorageTransactionCounter"/> on the job's own clients), the rows it reads and
/// how long it takes. The table grows from one size to the next in the same run.
/// </summary>
internal static class ScanSweepCost
{
    public static async Task<List<SizeResult>> MeasureAsync(string connectionString, IReadOnlyList<int> sizes, int sweepsPerSize, CancellationToken cancellationToken)
    {
        const string Table = "ScanCases";
        var counter = BaselineCases.CounterFor(connectionString);
        var options = new TableClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry);
        var counted = new TableClient(connectionString, Table, options);
        var seeding = new TableClient(connectionString, Table);
        await seeding.CreateIfNotExistsAsync(cancellationToken);
        var outbox = new BlobContainerClient(connectionString, "scan-outbox");
        await outbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var job = new ScanJob(counted, outbox, TimeSpan.FromDays(7), maxSteps: 4);

        var results = new List<SizeResult>();
        var seeded = 0;
        foreach (var size in sizes.Order())
        {
            // Nothing due: the next step is a day away for every row, so a sweep only reads.
            var rows = Enumerable.Range(seeded, size - seeded).Select(i => new ScanCaseRow
            {
                RowKey = string.Create(CultureInfo.InvariantCulture, $"SCAN-{i:000000}"),
                Balance = "1500.00",
                NextDueAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            foreach (var batch in rows.Chunk(100))
            {
                await seeding.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
            }

            seeded = size;
            var sweeps = new List<(long Transactions, SweepResult Sweep)>();
            for (var i = 0; i < sweepsPerSize; i++)
            {
                counter.Start();
                var sweep = await job.SweepAsync(cancellationToken);
                sweeps.Add((counter.Stop().Values.Sum(), sweep));
            }

            results.Add(new SizeResult(size, sweeps.Average(s => s.Transactions), sweeps.Average(s => s.Sweep.RowsRead),
                sweeps.Average(s => s.Sweep.Elapsed.TotalMilliseconds), sweeps.Sum(s => s.Sweep.Sent)));
        }

        return results;
    }

    /// <summary>Least-squares line y = a + b·x.</summary>
    public static (double A, double B) Fit(IReadOnlyList<(double X, double Y)> points)
    {
        var (mx, my) = (points.Average(p => p.X), points.Average(p => p.Y));
        var b = points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        return (my - b * mx, b);
    }

    public sealed record SizeResult(int OpenCases, double TransactionsPerSweep, double RowsReadPerSweep, double MillisecondsPerSweep, int Sent);
}
