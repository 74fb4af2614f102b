using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// The rows of one case in the case store (PartitionKey = invoice id): the case row <see cref="CaseRowKey"/> and one
/// row per history entry (<c>h{seq:D12}</c>). The case's JSON is split into <c>Case0</c>, <c>Case1</c>, … because one
/// string property holds at most 64 KiB; the row is replaced whole, so chunks of a longer earlier case disappear.
/// </summary>
internal static class CaseRowCodec
{
    /// <summary>'!' sorts before the history rows in a partition query.</summary>
    public const string CaseRowKey = "!case";

    public const string HistoryRowPrefix = "h";

    private const int ChunkLength = 30_000;

    // An entity holds at most 1 MiB; 16 chunks of 60 KB leave room for the other columns.
    private const int MaxChunks = 16;

    private const string CasePrefix = "Case";
    private const string VersionColumn = "Version";
    private const string RepliesColumn = "Replies";
    private const string TimerDueAtColumn = "TimerDueAt";
    private const string TimerTagColumn = "TimerTag";

    public static TableEntity ToCaseRow(CaseCommit commit)
    {
        var entity = new TableEntity(commit.InvoiceId, CaseRowKey)
        {
            [VersionColumn] = commit.Version,
            [RepliesColumn] = JsonSerializer.Serialize(commit.Replies, CobranzaJson.Options),
        };
        if (commit.Timer is { } timer)
        {
            entity[TimerDueAtColumn] = timer.DueAt;
            entity[TimerTagColumn] = timer.Tag;
        }

        var json = JsonSerializer.Serialize(commit.Current, CobranzaJson.Options);
        var chunks = (json.Length + ChunkLength - 1) / ChunkLength;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException(
                $"Case {commit.InvoiceId} serializes to {json.Length} characters; at most {MaxChunks * ChunkLength} fit in its row.");
        }

        for (var i = 0; i < chunks; i++)
        {
            entity[CasePrefix + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - i * ChunkLength));
        }

        return entity;
    }

    public static TableEntity ToHistoryRow(string invoiceId, CaseHistoryEntry entry) =>
        new(invoiceId, HistoryRowKey(entry.Seq))
        {
            ["At"] = entry.At,
            ["Type"] = entry.Type,
            ["Actor"] = entry.Actor,
            ["Details"] = entry.Details,
        };

    public static string HistoryRowKey(long seq) => string.Create(CultureInfo.InvariantCulture, $"{HistoryRowPrefix}{seq:D12}");

    public static StoredCase FromCaseRow(TableEntity row)
    {
        var json = new StringBuilder();
        for (var i = 0; row.TryGetValue(CasePrefix + i.ToString(CultureInfo.InvariantCulture), out var chunk) && chunk is string text; i++)
        {
            json.Append(text);
        }

        var @case = JsonSerializer.Deserialize<DunningCase>(json.ToString(), CobranzaJson.Options)
            ?? throw new InvalidOperationException($"The row of case {row.PartitionKey} holds no case.");
        var replies = row.GetString(RepliesColumn) is { } text2
            ? JsonSerializer.Deserialize<List<CaseReply>>(text2, CobranzaJson.Options) ?? []
            : [];
        var timer = row.GetString(TimerTagColumn) is { } tag && row.GetDateTimeOffset(TimerDueAtColumn) is { } dueAt
            ? new CaseTimerDue(dueAt, tag)
            : null;
        return new StoredCase(@case, row.GetInt64(VersionColumn) ?? 0, replies, timer, []);
    }

    public static CaseHistoryEntry FromHistoryRow(TableEntity row) => new(
        long.Parse(row.RowKey.AsSpan(HistoryRowPrefix.Length), CultureInfo.InvariantCulture),
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("Type") ?? string.Empty,
        row.GetString("Actor") ?? string.Empty,
        row.GetString("Details") ?? string.Empty);
}
