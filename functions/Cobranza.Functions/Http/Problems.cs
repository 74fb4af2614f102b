using Cobranza.Domain;

namespace Cobranza.Functions.Http;

/// <summary>Every refusal the API makes, as application/problem+json.</summary>
public static class Problems
{
    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.", detail: "See errors for each field.");

    public static IResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>Maps a refusal by the case's decision logic to its status code.</summary>
    public static IResult From(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => NotFound(rejection.Message),
        RejectionKind.InvalidState => Status(StatusCodes.Status409Conflict, "Not allowed in the case's state", rejection.Message),
        RejectionKind.Conflict => Status(StatusCodes.Status409Conflict, "Conflicting content", rejection.Message),
        RejectionKind.Unprocessable => Status(StatusCodes.Status422UnprocessableEntity, "Cannot be applied", rejection.Message),
        _ => rejection.Field is { } field ? Validation(field, rejection.Message) : Status(StatusCodes.Status400BadRequest, "Invalid request", rejection.Message),
    };
}
