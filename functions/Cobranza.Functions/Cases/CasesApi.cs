using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Http;
using Cobranza.Functions.Idempotency;
using Cobranza.Functions.Security;
using Cobranza.Functions.Validation;

namespace Cobranza.Functions.Cases;

/// <summary>The case routes: the ERP's webhook, reads, and the staff actions (applied synchronously).</summary>
public static class CasesApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/cases").WithTags("Cases");

        group.MapPost("", OpenCase)
            .WithName(nameof(OpenCase))
            .WithSummary("ERP webhook: open the case of an overdue invoice (idempotent by invoiceId).")
            .Accepts<CreateCaseRequest>("application/json")
            .Produces<CaseView>(StatusCodes.Status202Accepted)
            .Produces<CaseView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireWebhookSignature(WebhookSource.Erp, JsonBody.MaxBytes);

        group.MapGet("", StaffConsole.CaseListEndpoint.ListCases)
            .WithName("ListCases")
            .WithSummary("The work queue: cases (without history and messages) filtered by state, aging bucket, debtor, policy, balance range and currency, ordered by balance, days overdue or next action; format=csv (or Accept: text/csv) for all pages as CSV.")
            .Produces<StaffConsole.CaseListPage>(StatusCodes.Status200OK, "application/json", StaffConsole.CsvResult.MediaType)
            .ProducesValidationProblem()
            .RequireStaff(StaffRole.Viewer);

        group.MapGet("/{id}", GetCase)
            .WithName(nameof(GetCase))
            .WithSummary("A case with its full history, messages and payments.")
            .Produces<CaseView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireStaff(StaffRole.Viewer);

        MapAction<PromiseRequest>(group, "/{id}/promises", "RecordPromise", "Record a promise to pay.", StaffRole.Collector, ToPromise);
        MapAction<EscalateRequest>(group, "/{id}/escalate", "EscalateCase", "Escalate: send the next step now (collector), or hand off to legal or an agency (supervisor).", StaffRole.Collector, ToEscalate);
        MapAction<ReasonRequest>(group, "/{id}/pause", "PauseCase", "Pause the chase.", StaffRole.Collector, (r, e) => new Pause(OptionalReason(r, e)), optionalBody: true);
        MapAction<ReasonRequest>(group, "/{id}/resume", "ResumeCase", "Resume a paused case.", StaffRole.Collector, (_, _) => new Resume(), optionalBody: true);
        MapAction<ReasonRequest>(group, "/{id}/cancel", "CancelCase", "Cancel the case.", StaffRole.Supervisor, (r, e) => new Cancel(OptionalReason(r, e)), optionalBody: true);
        MapAction<ReasonRequest>(group, "/{id}/write-off", "WriteOffCase", "Write the balance off and close the case.", StaffRole.Supervisor, (r, e) => new WriteOff(OptionalReason(r, e)), optionalBody: true);
        MapAction<NoteRequest>(group, "/{id}/notes", "AddNote", "Add a note to the case's history.", StaffRole.Collector, (r, e) => new AddNote(CaseRequestValidator.ValidateText(r?.Text, "text", CaseRequestValidator.MaxNoteLength, e, required: true) ?? ""));
        return routes;
    }

    private static async Task<IResult> OpenCase(HttpRequest request, CaseIntake intake, IDurableClient<DunningCase> client, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateCaseRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await intake.OpenAsync(body!, cancellationToken);
        switch (outcome)
        {
            case { Errors: { } errors }:
                return Problems.Validation(errors);
            case { Rejection: { } rejection }:
                return Problems.From(rejection);
        }

        // A case this request created is shown as committed; any other is read back with its history.
        var view = outcome.Created is var (created, history)
            ? CaseView.From(created, history, withMessages: true)
            : await ReadAsync(client, outcome.InvoiceId!, cancellationToken);
        return outcome.Kind == CaseIntake.Kind.Created
            ? TypedResults.Accepted($"/api/cases/{Uri.EscapeDataString(outcome.InvoiceId!)}", view)
            : TypedResults.Ok(view);
    }

    private static async Task<IResult> GetCase(string id, IDurableClient<DunningCase> client, CancellationToken cancellationToken)
    {
        if (!InputRules.IsValidId(id))
        {
            return UnknownCase(id);
        }

        var view = await ReadAsync(client, id, cancellationToken);
        return view is null ? UnknownCase(id) : TypedResults.Ok(view);
    }

    /// <summary>Maps one staff action: read the body, validate it, send the command, answer with the case.</summary>
    private static void MapAction<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, StaffRole role,
        Func<TBody?, ValidationErrors, CaseCommand> toCommand, bool optionalBody = false)
        where TBody : class
    {
        group.MapPost(pattern, async (string id, HttpContext context, CaseService service, IDurableClient<DunningCase> client, CancellationToken cancellationToken) =>
            {
                var request = context.Request;
                if (!InputRules.IsValidId(id))
                {
                    return UnknownCase(id);
                }

                var (body, problem) = await JsonBody.ReadAsync<TBody>(request, optionalBody);
                if (problem is not null)
                {
                    return problem;
                }

                var errors = new ValidationErrors();
                var command = toCommand(body, errors);
                if (!errors.IsEmpty)
                {
                    return Problems.Validation(errors.ToDictionary());
                }

                if (command is Escalate { To: not EscalationTarget.Next } && !context.User.HasRole(StaffRole.Supervisor))
                {
                    // Handing a debtor to legal or an agency is a supervisor's decision; the next step is a collector's.
                    return StaffKeyAuthenticationHandler.Forbidden(context);
                }

                var (result, after) = await service.SendAndReadAsync(id, command, context.User.StaffActor(), cancellationToken);
                if (result.Outcome.Rejection is { } rejection)
                {
                    return Problems.From(rejection);
                }

                return after is null ? UnknownCase(id) : TypedResults.Ok(CaseView.From(after.State, after.History, withMessages: true));
            })
            .WithName(name)
            .WithSummary(summary)
            .Accepts<TBody>(optionalBody, "application/json")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireStaff(role)
            .AcceptsIdempotencyKey();
    }

    private static string? OptionalReason(ReasonRequest? request, ValidationErrors errors) =>
        CaseRequestValidator.ValidateText(request?.Reason, "reason", CaseRequestValidator.MaxNoteLength, errors, required: false);

    private static CaseCommand ToPromise(PromiseRequest? request, ValidationErrors errors)
    {
        CaseRequestValidator.ValidateDate(request?.PromisedOn, "promisedOn", errors);
        if (request?.Amount is not null)
        {
            CaseRequestValidator.ValidateAmount(request.Amount, null, "amount", errors, allowZero: false);
        }

        var note = CaseRequestValidator.ValidateText(request?.Note, "note", CaseRequestValidator.MaxNoteLength, errors, required: false);
        return new RecordPromise(request?.PromisedOn ?? default, request?.Amount, note);
    }

    private static CaseCommand ToEscalate(EscalateRequest? request, ValidationErrors errors)
    {
        EscalationTarget? to = request?.To switch
        {
            "next" => EscalationTarget.Next,
            "legal" => EscalationTarget.Legal,
            "agency" => EscalationTarget.Agency,
            _ => null,
        };
        if (to is null)
        {
            errors.Add("to", "Required: next, legal or agency.");
        }

        var reason = CaseRequestValidator.ValidateText(request?.Reason, "reason", CaseRequestValidator.MaxNoteLength, errors, required: false);
        return new Escalate(to ?? EscalationTarget.Next, reason);
    }

    private static IResult UnknownCase(string id) => Problems.NotFound($"There is no case for invoice '{id}'.");

    internal static async Task<CaseView?> ReadAsync(IDurableClient<DunningCase> client, string id, CancellationToken cancellationToken)
    {
        var snapshot = await client.GetAsync(id, includeHistory: true, cancellationToken);
        return snapshot is null ? null : CaseView.From(snapshot.State, snapshot.History, withMessages: true);
    }
}
