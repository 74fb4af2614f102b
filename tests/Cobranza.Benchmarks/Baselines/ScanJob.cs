using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// The design a team writes by hand: a timer job that every minute reads every open case and sends what is due. Each
/// sweep queries the open rows page by page; for each row whose step is due it writes the message (one blob per
/// message, like the app's outbox channel) and then moves the row to the next step, with the row's ETag so that a
/// payment written since the read is not overwritten (that update then fails; the message is already out).
/// Whether a step is due is decided in code, not in the query's filter, because in a real job it also depends on
/// things a table filter cannot express (the debtor's contact hours in the debtor's time zone, weekly caps).
/// </summary>
public sealed class ScanJob(TableClient cases, BlobContainerClient outbox, TimeSpan stepWait, int maxSteps)
{
    /// <summary>Every message sent: case, step and the time the job sent it (taken just before the blob write, as the app's outbox does).</summary>
    public ConcurrentQueue<(string CaseId, int Step, DateTimeOffset SentAt)> Sent { get; } = new();

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var (read, sent, pages, conflicts) = (0, 0, 0, 0);
        await foreach (var page in cases.QueryAsync<ScanCaseRow>(r => r.State == ScanCaseRow.Open, cancellationToken: cancellationToken).AsPages())
        {
            pages++;
            foreach (var row in page.Values)
            {
                read++;
                if (row.NextDueAt <= now && row.Step < maxSteps)
                {
                    sent++;
                    conflicts += await SendAsync(row, cancellationToken) ? 0 : 1;
                }
            }
        }

        return new SweepResult(pages, read, sent, conflicts, DateTimeOffset.UtcNow - now);
    }

    /// <summary>Runs a sweep every <paramref name="interval"/> (the first at once) until cancelled.</summary>
    public async Task<List<SweepResult>> RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var sweeps = new List<SweepResult>();
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                sweeps.Add(await SweepAsync(cancellationToken));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return sweeps;
    }

    /// <summary>Sends the row's next step, then records it; false when the row changed since it was read.</summary>
    private async Task<bool> SendAsync(ScanCaseRow row, CancellationToken cancellationToken)
    {
        var step = row.Step + 1;
        var sentAt = DateTimeOffset.UtcNow;
        var message = new { caseId = row.RowKey, step, balance = row.Balance, subject = $"Recordatorio {step}", sentAt };
        await outbox.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"{row.RowKey}/step-{step}.json"))
            .UploadAsync(BinaryData.FromObjectAsJson(message), overwrite: true, cancellationToken);
        Sent.Enqueue((row.RowKey, step, sentAt));

        row.Step = step;
        row.NextDueAt = sentAt + stepWait;
        try
        {
            await cases.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}

/// <summary>One sweep: query pages read, open rows read, messages sent, row updates refused by a newer write, and how long it took.</summary>
public sealed record SweepResult(int Pages, int RowsRead, int Sent, int Conflicts, TimeSpan Elapsed);
