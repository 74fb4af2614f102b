using Azure;
using Azure.Data.Tables;

namespace Cobranza.Workflow;

/// <summary>
/// The cases as their orchestrations committed them, for reading: table <c>{hub}Cases</c>, one partition per case with
/// its case row and history rows (see <see cref="CaseRowCodec"/>). Only a case's orchestration writes a running case
/// (one decision at a time), and the HTTP side writes its opening, so writes need no ETags: a history row that exists
/// already means the commit was stored before.
/// </summary>
public sealed class CaseStore(TableServiceClient tables, CaseWorkflowOptions options)
{
    /// <summary>The limit of an entity-group transaction.</summary>
    private const int MaxTransactionOperations = 100;

    private readonly TableClient _table = tables.GetTableClient(options.CasesTable);

    public Task CreateTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Stores a decision of a running case; false when it was stored before.</summary>
    public Task<bool> CommitAsync(CaseCommit commit, CancellationToken cancellationToken) =>
        SubmitAsync(commit, TableTransactionActionType.UpsertReplace, cancellationToken);

    /// <summary>Stores a newly opened case; false when the case exists already.</summary>
    public Task<bool> AddAsync(CaseCommit commit, CancellationToken cancellationToken) =>
        SubmitAsync(commit, TableTransactionActionType.Add, cancellationToken);

    /// <summary>The case row (one point read); null when there is no such case.</summary>
    public async Task<StoredCase?> GetAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(invoiceId, CaseRowCodec.CaseRowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        return CaseRowCodec.FromCaseRow(row.Value!);
    }

    /// <summary>The case with its whole history (one partition query); null when there is no such case.</summary>
    public async Task<StoredCase?> GetWithHistoryAsync(string invoiceId, CancellationToken cancellationToken)
    {
        StoredCase? stored = null;
        var history = new List<CaseHistoryEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {invoiceId}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey == CaseRowCodec.CaseRowKey)
            {
                stored = CaseRowCodec.FromCaseRow(row);
            }
            else if (row.RowKey.StartsWith(CaseRowCodec.HistoryRowPrefix, StringComparison.Ordinal))
            {
                history.Add(CaseRowCodec.FromHistoryRow(row));
            }
        }

        // History rows written after the case row was read belong to a later version: leave them out.
        return stored is null ? null : stored with { History = [.. history.Where(h => h.Seq <= stored.Version).OrderBy(h => h.Seq)] };
    }

    /// <summary>Every case (a repair's scan, never a page load), a page at a time.</summary>
    public async IAsyncEnumerable<StoredCase> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{CaseRowCodec.CaseRowKey}'", cancellationToken: cancellationToken))
        {
            yield return CaseRowCodec.FromCaseRow(row);
        }
    }

    private async Task<bool> SubmitAsync(CaseCommit commit, TableTransactionActionType caseWrite, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(commit.Appended.Count + 1);
        actions.AddRange(commit.Appended.Select(entry =>
            new TableTransactionAction(TableTransactionActionType.Add, CaseRowCodec.ToHistoryRow(commit.InvoiceId, entry))));
        actions.Add(new TableTransactionAction(caseWrite, CaseRowCodec.ToCaseRow(commit)));
        if (actions.Count > MaxTransactionOperations)
        {
            throw new InvalidOperationException(
                $"A decision of case {commit.InvoiceId} appends {commit.Appended.Count} history entries; one atomic write holds at most {MaxTransactionOperations - 1}.");
        }

        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && IsAdd(actions, e.FailedTransactionActionIndex))
        {
            // An added row exists: this decision (or, for an opening, the case) was stored before.
            return false;
        }
    }

    private static bool IsAdd(List<TableTransactionAction> actions, int? failedIndex) =>
        failedIndex is not { } index || index >= actions.Count || actions[index].ActionType == TableTransactionActionType.Add;
}
