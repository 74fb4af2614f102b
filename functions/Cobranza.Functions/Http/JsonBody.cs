using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Functions.Http;

/// <summary>
/// Reads a JSON request body into a request record, turning every way it can be wrong (not JSON, the wrong type for a
/// field, a malformed date) into a 400 problem that names the field, instead of the framework's bare 400 or a 500.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 256 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional = false)
        where T : class
    {
        if (request.ContentLength is 0)
        {
            return optional ? (null, null) : (null, Problems.Validation("body", "A JSON body is required."));
        }

        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, RequestBody.TooLarge(MaxBytes));
        }

        RequestBody.LimitSize(request, MaxBytes);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, CobranzaJson.Options, request.HttpContext.RequestAborted);
            return value is null && !optional
                ? (null, Problems.Validation("body", "A JSON object is required."))
                : (value, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, RequestBody.TooLarge(MaxBytes));
        }
        catch (JsonException e)
        {
            return (null, Problems.Validation(ErrorsOf(e)));
        }
    }

    /// <summary>What a deserialization failure means for the client, keyed by the field (never the exception's own text).</summary>
    public static Dictionary<string, string[]> ErrorsOf(JsonException e)
    {
        var field = PathOf(e.Path);
        var (key, message) = IsDuplicateProperty(e) ? (DuplicatePath(e, field), "This property appears more than once in the body.")
            : field == "body" ? (field, "The body is not valid JSON.")
            : (field, "Wrong type or format for this field (amounts are JSON numbers, *On dates YYYY-MM-DD, *At instants RFC 3339).");
        return new Dictionary<string, string[]> { [key] = [message] };
    }

    private static bool IsDuplicateProperty(JsonException e) =>
        e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of the duplicated property: System.Text.Json names the object that holds it, and the property in its message.</summary>
    private static string DuplicatePath(JsonException e, string objectPath)
    {
        var quoted = System.Text.RegularExpressions.Regex.Match(e.Message, "'([^']{1,64})'");
        var name = quoted.Success ? quoted.Groups[1].Value : null;
        return name is null || objectPath.EndsWith(name, StringComparison.Ordinal) ? objectPath
            : objectPath == "body" ? name
            : objectPath + "." + name;
    }

    /// <summary>"$.debtor.timeZone" -> "debtor.timeZone"; the root -> "body".</summary>
    internal static string PathOf(string? jsonPath) =>
        jsonPath is null or "$" ? "body"
        : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..]
        : jsonPath.TrimStart('$');
}
