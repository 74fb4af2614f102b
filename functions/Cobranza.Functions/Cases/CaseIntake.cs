using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Cases;

/// <summary>
/// Opening a case from the ERP's request, shared by the single webhook and the batch: validate, resolve the policy,
/// open (idempotent by invoice id), and say which of the outcomes it was.
/// </summary>
public sealed class CaseIntake(CaseService cases)
{
    public enum Kind { Created, Existing, Conflict, Invalid }

    /// <summary>What became of one request; <see cref="Errors"/> for Invalid, <see cref="Rejection"/> for a refusal by the case.</summary>
    /// <param name="Created">The new case and its whole history, when this request created it (null otherwise).</param>
    public sealed record Outcome(
        Kind Kind, string? InvoiceId, IDictionary<string, string[]>? Errors = null, Rejection? Rejection = null, (DunningCase Case, IReadOnlyList<StoredHistoryRecord> History)? Created = null);

    public async Task<Outcome> OpenAsync(CreateCaseRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var open = CaseRequestValidator.Validate(request, errors);
        if (open is null)
        {
            return new Outcome(Kind.Invalid, request.InvoiceId, errors.ToDictionary());
        }

        var (result, unknownPolicy) = await cases.OpenAsync(open, request.Policy, cancellationToken);
        if (unknownPolicy is not null)
        {
            var rejection = new Rejection(RejectionKind.Unprocessable, $"There is no policy named '{unknownPolicy}'.", "policy");
            return new Outcome(Kind.Invalid, open.InvoiceId, Rejection: rejection);
        }

        return result!.Outcome switch
        {
            { Rejection: { Kind: RejectionKind.Conflict } conflict } => new Outcome(Kind.Conflict, open.InvoiceId, Rejection: conflict),
            { Rejection: { } other } => new Outcome(Kind.Invalid, open.InvoiceId, Rejection: other),
            { Reply: ReplyKind.Created } => new Outcome(Kind.Created, open.InvoiceId,
                Created: result.Case is { } created && result.WholeHistory is { } history ? (created, history) : null),
            _ => new Outcome(Kind.Existing, open.InvoiceId),
        };
    }
}
