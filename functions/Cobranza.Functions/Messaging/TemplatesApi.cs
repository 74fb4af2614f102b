using Cobranza.Domain;
using Cobranza.Functions.Http;
using Cobranza.Functions.Security;
using Cobranza.Messaging.Templates;

namespace Cobranza.Functions.Messaging;

/// <summary>
/// Editable message templates: <c>PUT /api/templates/{id}/{language}/{channel}</c> stores an override (Liquid, as
/// text/plain or <c>{"text": …}</c>) after checking that it parses and uses only known variables; GET shows the
/// template in effect.
/// </summary>
public static class TemplatesApi
{
    public sealed record TemplateBody(string? Text);

    public sealed record TemplateView(string Id, string Language, Channel Channel, string Text, bool IsOverride);

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/templates").WithTags("Templates");
        group.MapPut("/{id}/{language}/{channel}", PutTemplate)
            .WithName(nameof(PutTemplate))
            .WithSummary("Store a template override (Liquid).")
            .Accepts<TemplateBody>("application/json", "text/plain")
            .Produces<TemplateView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireStaff(StaffRole.Supervisor);
        group.MapGet("/{id}/{language}/{channel}", GetTemplate)
            .WithName(nameof(GetTemplate))
            .WithSummary("The template in effect (an override or the shipped text).")
            .Produces<TemplateView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireStaff(StaffRole.Viewer);
        return routes;
    }

    private static async Task<IResult> PutTemplate(string id, string language, string channel, HttpRequest request, TemplateOverrides overrides, CancellationToken cancellationToken)
    {
        if (Parse(channel) is not { } parsed)
        {
            return Problems.Validation("channel", "email or sms.");
        }

        string? text;
        if (request.ContentType?.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (request.ContentLength > JsonBody.MaxBytes)
            {
                return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {JsonBody.MaxBytes} bytes.");
            }

            RequestBody.LimitSize(request, JsonBody.MaxBytes);
            using var reader = new StreamReader(request.Body);
            try
            {
                text = await reader.ReadToEndAsync(cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {JsonBody.MaxBytes} bytes.");
            }
        }
        else
        {
            var (body, problem) = await JsonBody.ReadAsync<TemplateBody>(request);
            if (problem is not null)
            {
                return problem;
            }

            text = body!.Text;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.Validation("text", "The template text is required.");
        }

        try
        {
            var errors = await overrides.SaveAsync(id, language, parsed, text, cancellationToken);
            if (errors.Count > 0)
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["text"] = [.. errors] });
            }
        }
        catch (ArgumentException e)
        {
            return Problems.Validation(e.ParamName ?? "id", e.Message);
        }

        return TypedResults.Ok(new TemplateView(id, language, parsed, text, true));
    }

    private static async Task<IResult> GetTemplate(string id, string language, string channel, TemplateOverrides overrides, CancellationToken cancellationToken)
    {
        if (Parse(channel) is not { } parsed)
        {
            return Problems.Validation("channel", "email or sms.");
        }

        try
        {
            var template = await overrides.GetAsync(id, language, parsed, cancellationToken);
            return template is null
                ? Problems.NotFound($"There is no template '{id}' for {language} {channel}.")
                : TypedResults.Ok(new TemplateView(id, language, parsed, template.Text, template.IsOverride));
        }
        catch (ArgumentException e)
        {
            return Problems.Validation(e.ParamName ?? "id", e.Message);
        }
    }

    private static Channel? Parse(string channel) => channel switch
    {
        "email" => Channel.Email,
        "sms" => Channel.Sms,
        _ => null,
    };
}
