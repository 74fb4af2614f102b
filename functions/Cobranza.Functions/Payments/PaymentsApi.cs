using Cobranza.Domain;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Http;
using Cobranza.Functions.Idempotency;
using Cobranza.Functions.Security;
using Cobranza.Functions.Validation;

namespace Cobranza.Functions.Payments;

/// <summary>The generic payment webhook and the handling of payments that matched no invoice.</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/payments").WithTags("Payments");

        group.MapPost("", ReceivePayment)
            .WithName(nameof(ReceivePayment))
            .WithSummary("Payment webhook: apply a payment to its invoice's case (idempotent by paymentId).")
            .Accepts<PaymentRequest>("application/json")
            .Produces<PaymentResponse>(StatusCodes.Status202Accepted)
            .Produces<PaymentResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireWebhookSignature(WebhookSource.Payments, JsonBody.MaxBytes);

        group.MapGet("/unmatched", ListUnmatched)
            .WithName(nameof(ListUnmatched))
            .WithSummary("Payments that named no known invoice.")
            .Produces<UnmatchedPayments>()
            .RequireStaff(StaffRole.Viewer);

        group.MapPost("/unmatched/{paymentId}/match", MatchPayment)
            .WithName(nameof(MatchPayment))
            .WithSummary("Apply an unmatched payment to an invoice's case.")
            .Accepts<MatchRequest>("application/json")
            .Produces<PaymentResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireStaff(StaffRole.Supervisor)
            .AcceptsIdempotencyKey();
        return routes;
    }

    private static async Task<IResult> ReceivePayment(HttpRequest request, PaymentService payments, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PaymentRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        if (!InputRules.IsValidId(body!.PaymentId))
        {
            errors.Add("paymentId", "Required: 1-64 letters, digits or . _ - :");
        }

        if (!InputRules.IsValidId(body.InvoiceId))
        {
            errors.Add("invoiceId", "Required: 1-64 letters, digits or . _ - :");
        }

        var currency = CaseRequestValidator.ValidateCurrency(body.Currency, "currency", errors);
        CaseRequestValidator.ValidateAmount(body.Amount, currency, "amount", errors, allowZero: false);
        CaseRequestValidator.ValidatePastInstant(body.PaidAt, "paidAt", time.GetUtcNow(), errors);

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var result = await payments.ReceiveAsync(body.PaymentId!, body.InvoiceId!, body.Amount!.Value, currency!.Code, body.PaidAt!.Value, cancellationToken);
        return result.Kind switch
        {
            PaymentService.Kind.Applied or PaymentService.Kind.Unmatched =>
                TypedResults.Accepted((string?)null, ToResponse(result.Payment!)),
            PaymentService.Kind.Duplicate => TypedResults.Ok(ToResponse(result.Payment!)),
            _ => Problems.From(result.Rejection!),
        };
    }

    private static async Task<IResult> ListUnmatched(PaymentLedger ledger, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnmatchedPayments(await ledger.ListUnmatchedAsync(null, cancellationToken)));

    private static async Task<IResult> MatchPayment(string paymentId, HttpRequest request, PaymentService payments, CancellationToken cancellationToken)
    {
        var actor = request.HttpContext.User.StaffActor();
        var (body, problem) = await JsonBody.ReadAsync<MatchRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (!InputRules.IsValidId(body!.InvoiceId))
        {
            return Problems.Validation("invoiceId", "Required: 1-64 letters, digits or . _ - :");
        }

        if (!InputRules.IsValidId(paymentId))
        {
            return Problems.NotFound($"No payment {paymentId} was received.");
        }

        var result = await payments.MatchAsync(paymentId, body.InvoiceId!, actor, cancellationToken);
        return result.Kind == PaymentService.Kind.Applied
            ? TypedResults.Ok(ToResponse(result.Payment!))
            : Problems.From(result.Rejection!);
    }

    private static PaymentResponse ToResponse(PaymentRecord payment) => new(payment.PaymentId, payment.AppliedTo, payment.Status);
}
