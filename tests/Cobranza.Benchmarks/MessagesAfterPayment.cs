using System.Collections.Concurrent;
using System.Text.Json;

namespace Cobranza.Benchmarks;

/// <summary>
/// "Nobody is chased after paying", checked case by case once a run is over: for each case a payment closed, the moment
/// that payment was recorded (its <c>paymentReceived</c> history entry, balance 0) against every message of the case,
/// both in the outbox (each blob's <c>sentAt</c>) and in the history (<c>messageSent</c> entries). A message counts as
/// sent after the payment when it reached the outbox after that moment. A <c>messageSent</c> entry recorded after the
/// payment for a message that reached the outbox before it is only late bookkeeping, and is reported apart.
/// </summary>
public static class MessagesAfterPayment
{
    /// <summary>Blob creation times on Azurite have whole seconds: blobs created this close to the payment are read for their exact <c>sentAt</c>.</summary>
    private static readonly TimeSpan _creationTimeResolution = TimeSpan.FromSeconds(2);

    public sealed record Result(
        int CasesClosedByPayment,
        int CasesNotClosed,
        int MessagesAfterPayment,
        IReadOnlyList<string> Examples,
        int MinMessagesBeforePayment,
        double MeanMessagesBeforePayment,
        int MessagesBetweenFirstAndClosingPayment,
        int CancelledAfterPayment,
        int RecordedAfterButSentBefore);

    public static async Task<Result> CheckAsync(AppClient client, OutboxContents outbox, IReadOnlyList<string> invoiceIds)
    {
        var blobs = await outbox.ByInvoiceAsync();
        var cases = new ConcurrentBag<CaseCheck>();
        await Parallel.ForEachAsync(invoiceIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            using var json = await client.GetCaseAsync(id);
            cases.Add(await CheckCaseAsync(id, json.RootElement, blobs.GetValueOrDefault(id) ?? [], outbox));
        });

        var closed = cases.Where(c => c.Closed).ToList();
        return new Result(
            closed.Count,
            cases.Count - closed.Count,
            closed.Sum(c => c.AfterPayment.Count),
            closed.SelectMany(c => c.AfterPayment).Take(10).ToList(),
            closed.Count == 0 ? 0 : closed.Min(c => c.SentBefore),
            closed.Count == 0 ? 0 : closed.Average(c => c.SentBefore),
            closed.Sum(c => c.SentBetweenPayments),
            closed.Sum(c => c.CancelledAfter),
            closed.Sum(c => c.RecordedLate));
    }

    private sealed record CaseCheck(bool Closed, IReadOnlyList<string> AfterPayment, int SentBefore, int SentBetweenPayments, int CancelledAfter, int RecordedLate);

    private static async Task<CaseCheck> CheckCaseAsync(string invoiceId, JsonElement view, List<(string Name, DateTimeOffset CreatedOn)> blobs, OutboxContents outbox)
    {
        var history = view.GetProperty("history").EnumerateArray()
            .Select(h => (Type: h.GetProperty("type").GetString()!, At: h.GetProperty("at").GetDateTimeOffset(), Details: h.GetProperty("details")))
            .ToList();
        var payments = history.Where(h => h.Type == "paymentReceived").ToList();
        var closing = payments.Where(p => p.Details.GetProperty("balance").GetDecimal() == 0).Select(p => (DateTimeOffset?)p.At).FirstOrDefault();
        if (closing is not { } paidAt)
        {
            return new CaseCheck(false, [], 0, 0, 0, 0);
        }

        var sentAt = view.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("sentAt").ValueKind == JsonValueKind.String)
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("sentAt").GetDateTimeOffset(), StringComparer.Ordinal);

        var after = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, createdOn) in blobs.Where(b => b.CreatedOn >= paidAt - _creationTimeResolution))
        {
            var sent = await outbox.SentAtAsync(invoiceId, name);
            if (sent > paidAt)
            {
                after.Add($"{invoiceId}/{name} sent {sent:O}, payment recorded {paidAt:O}");
            }
        }

        var recordedLate = 0;
        foreach (var entry in history.Where(h => h.Type == "messageSent" && h.At > paidAt))
        {
            var messageId = entry.Details.GetProperty("messageId").GetString()!;
            if (sentAt.TryGetValue(messageId, out var sent) && sent <= paidAt)
            {
                recordedLate++;
            }
            else if (!after.Any(a => a.StartsWith($"{invoiceId}/{messageId}.json ", StringComparison.Ordinal)))
            {
                after.Add($"{invoiceId}/{messageId} recorded as sent {entry.At:O}, payment recorded {paidAt:O}");
            }
        }

        var firstPayment = payments[0].At;
        return new CaseCheck(
            true,
            [.. after],
            sentAt.Values.Count(s => s <= paidAt),
            payments.Count > 1 ? sentAt.Values.Count(s => s > firstPayment && s <= paidAt) : 0,
            history.Count(h => h.Type == "messageCancelled" && h.At > paidAt),
            recordedLate);
    }
}
