namespace Cobranza.Benchmarks;

/// <summary>
/// One storage request as <see cref="StorageCallRecorder"/> saw it: enough to issue one of the same kind again with the
/// SDK (<see cref="StorageCallReplay"/>) against the same table, queue or container.
/// </summary>
/// <param name="Operation">"{service} {operation}" as <see cref="StorageTransactionCounter"/> names it, e.g. "table point read".</param>
/// <param name="Resource">The table, queue or container.</param>
/// <param name="PartitionKey">Table point operations: the entity's keys (a point read is repeated on the same entity).</param>
/// <param name="Status">The response status (a point read that found nothing is a 404, and is repeated as one).</param>
/// <param name="RequestBytes">Request body size (writes are repeated with entities, messages or blobs of the same size).</param>
/// <param name="BatchOperations">For an entity-group transaction, its operations ("PUT", "POST", ...), in order.</param>
/// <param name="Query">The request's query string (a table query's filter, a queue put's visibility timeout).</param>
public sealed record RecordedStorageCall(
    string Operation,
    string Resource,
    string? PartitionKey,
    string? RowKey,
    int Status,
    long RequestBytes,
    IReadOnlyList<string> BatchOperations,
    string Query)
{
    /// <summary>A short name of the call for reports: "table batch [benchInstances] PUT+POST".</summary>
    public string Signature => BatchOperations.Count > 0
        ? $"{Operation} [{Resource}] {string.Join('+', BatchOperations)}"
        : $"{Operation} [{Resource}]{(Status == 404 ? " (404)" : "")}";
}
