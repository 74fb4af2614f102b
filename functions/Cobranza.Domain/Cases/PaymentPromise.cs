namespace Cobranza.Domain;

/// <summary>
/// A promise to pay <see cref="Amount"/> (the whole balance when null) by <see cref="PromisedOn"/>. It is kept when that
/// much is paid before <see cref="DeadlineAt"/> (the end of the promised date plus the policy's grace) and broken
/// otherwise.
/// </summary>
public sealed record PaymentPromise(
    DateOnly PromisedOn,
    decimal? Amount,
    string? Note,
    DateTimeOffset RecordedAt,
    DateTimeOffset DeadlineAt,
    decimal Target,
    decimal PaidSoFar,
    string Status)
{
    public const string Pending = "pending";
    public const string Kept = "kept";
    public const string Broken = "broken";
    public const string Withdrawn = "withdrawn";
}
