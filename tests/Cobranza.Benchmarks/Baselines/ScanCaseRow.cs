using Azure;
using Azure.Data.Tables;

namespace Cobranza.Benchmarks.Baselines;

/// <summary>
/// One case as a hand-written scanning job keeps it: one row per case in one table, with its state, balance, step and
/// when the next step is due. All rows share one partition, the layout in which a full scan costs the fewest
/// transactions (a query page holds up to 1,000 rows; on Azure a query also stops at each partition boundary).
/// </summary>
public sealed class ScanCaseRow : ITableEntity
{
    public const string Partition = "case";
    public const string Open = "open";
    public const string Paid = "paid";

    public string PartitionKey { get; set; } = Partition;

    /// <summary>The invoice id.</summary>
    public string RowKey { get; set; } = "";

    public string State { get; set; } = Open;

    /// <summary>The balance as invariant decimal text: Table storage has no decimal type.</summary>
    public string Balance { get; set; } = "0";

    /// <summary>The last step sent (0: none yet).</summary>
    public int Step { get; set; }

    public DateTimeOffset NextDueAt { get; set; }

    /// <summary>When the payment writer recorded the payment that closed the case.</summary>
    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }
}
