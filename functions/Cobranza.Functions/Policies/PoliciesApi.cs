using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Functions.Http;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.Policies;

/// <summary>Dunning policies: named, versioned JSON documents.</summary>
public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/policies").WithTags("Policies");

        group.MapPut("/{name}", PutPolicy)
            .WithName(nameof(PutPolicy))
            .WithSummary("Store a new version of a policy; returns it with its version number.")
            .Accepts<PolicyDocumentRequest>("application/json")
            .Produces<PolicyView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireStaff(StaffRole.Supervisor);

        group.MapGet("/{name}", GetPolicy)
            .WithName(nameof(GetPolicy))
            .WithSummary("The latest version of a policy.")
            .Produces<PolicyView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireStaff(StaffRole.Viewer);
        return routes;
    }

    private static async Task<IResult> PutPolicy(string name, HttpRequest request, PolicyStore store, CancellationToken cancellationToken)
    {
        if (!PolicyDocument.IsValidName(name))
        {
            return Problems.Validation("name", "A policy name is 1-64 lower-case letters, digits, '-' or '_'.");
        }

        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var errors = new ValidationErrors();
        if (PolicyDocument.Read(name, 1, document.RootElement, errors) is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var (_, view) = await store.AddVersionAsync(name, document.RootElement, cancellationToken);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> GetPolicy(string name, PolicyStore store, CancellationToken cancellationToken)
    {
        var latest = PolicyDocument.IsValidName(name) ? await store.GetLatestAsync(name, cancellationToken) : null;
        return latest is null ? Problems.NotFound($"There is no policy named '{name}'.") : TypedResults.Ok(latest.Value.View);
    }
}

/// <summary>The body of <c>PUT /api/policies/{name}</c> (for the OpenAPI document; it is read and validated field by field).</summary>
public sealed record PolicyDocumentRequest(string? Description, IReadOnlyList<PolicyStepView> Steps, PolicyHandoffView Handoff, IsoDuration? PromiseGrace, ContactRulesView? ContactRules, SmsOptionsView? Sms);
