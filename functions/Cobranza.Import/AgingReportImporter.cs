namespace Cobranza.Import;

/// <summary>
/// Imports an aging report: reads every row, sends them in batches to the batch API, and adds up what became of each.
/// Safe to run again on the same file: every row is as idempotent as the ERP's webhook (already open = existing).
/// </summary>
public sealed class AgingReportImporter(BatchClient client, int batchSize)
{
    public async Task<ImportSummary> ImportAsync(TextReader csv, string? defaultPolicy, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (batchSize is < 1 or > BatchClient.MaxLines)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"A batch holds 1 to {BatchClient.MaxLines} rows.");
        }

        // The whole report is read first, so that the progress bar knows the total (a report of 100,000 rows is ~50 MB).
        var rows = AgingReportReader.Read(csv, defaultPolicy).ToList();
        var summary = new ImportSummary();
        progress?.Report((0, rows.Count));
        foreach (var batch in rows.Chunk(batchSize))
        {
            var results = await client.SendAsync(batch, cancellationToken);
            if (results.Count != batch.Length)
            {
                throw new InvalidDataException($"The batch API answered {results.Count} lines for {batch.Length} rows.");
            }

            foreach (var result in results)
            {
                summary.Add(batch[result.Line - 1], result);
            }

            progress?.Report((summary.Rows, rows.Count));
        }

        return summary;
    }
}
