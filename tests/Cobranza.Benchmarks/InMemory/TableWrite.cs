namespace Cobranza.Benchmarks.InMemory;

/// <summary>What a table write does when the entity exists or not.</summary>
internal enum TableWriteKind
{
    /// <summary>POST: 409 if it exists.</summary>
    Insert,

    /// <summary>PUT or MERGE without If-Match: insert or replace (merge).</summary>
    Upsert,

    /// <summary>PUT or MERGE with If-Match: 404 if missing, 412 if the ETag differs.</summary>
    Update,

    /// <summary>DELETE with If-Match: 404 if missing, 412 if the ETag differs.</summary>
    Delete,
}

/// <summary>One write to a table, alone or as one operation of an entity-group transaction.</summary>
internal sealed record TableWrite(TableWriteKind Kind, string PartitionKey, string RowKey, IReadOnlyList<EntityProperty> Properties, bool Merge, string? IfMatch);

/// <summary>A refused write: the HTTP status and the service's error code and message.</summary>
internal sealed record TableError(int Status, string Code, string Message)
{
    public static readonly TableError EntityNotFound = new(404, "ResourceNotFound", "The specified resource does not exist.");
    public static readonly TableError EntityExists = new(409, "EntityAlreadyExists", "The specified entity already exists.");
    public static readonly TableError ConditionNotMet = new(412, "UpdateConditionNotSatisfied", "The update condition specified in the request was not satisfied.");
    public static readonly TableError TableNotFound = new(404, "TableNotFound", "The table specified does not exist.");
    public static readonly TableError TableExists = new(409, "TableAlreadyExists", "The table specified already exists.");

    public static TableError DuplicateRow(string rowKey) =>
        new(400, "InvalidDuplicateRow", $"A command with RowKey '{rowKey}' is already present in the batch. An entity can appear only once in a batch.");

    public static TableError InvalidInput(string message) => new(400, "InvalidInput", message);
}
