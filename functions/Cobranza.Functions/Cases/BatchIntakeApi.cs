using System.Text;
using System.Text.Json;
using Cobranza.Functions.Http;
using Cobranza.Domain;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.Cases;

/// <summary>
/// <c>POST /api/cases:batch</c>: many ERP webhooks in one request, as NDJSON (one <c>POST /api/cases</c> body per line).
/// Answers 200 with one NDJSON line per input line, in input order: <c>{line, invoiceId, result, errors?}</c> where
/// result is created, existing, conflict or error. Each line is exactly as idempotent as the single call, so a batch
/// that failed half-way (a 503) is simply sent again.
/// </summary>
public static class BatchIntakeApi
{
    public const string Route = "/api/cases:batch";
    public const string MediaType = "application/x-ndjson";
    public const int MaxLines = 10_000;

    /// <summary>10,000 lines of up to ~3 KiB each: the batch's own body limit, above the single call's 256 KiB.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    /// <summary>Lines opened at once: enough to keep storage busy, few enough to leave room for other requests.</summary>
    private const int Parallelism = 16;

    public static IEndpointRouteBuilder MapBatchIntakeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Route, OpenCases)
            .WithName(nameof(OpenCases))
            .WithTags("Cases")
            .WithSummary($"ERP webhook in bulk: NDJSON, one case per line (at most {MaxLines}); answers NDJSON, one result per line.")
            .Accepts<CreateCaseRequest>(MediaType)
            .Produces<BatchLineResult>(StatusCodes.Status200OK, MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireWebhookSignature(WebhookSource.Erp, MaxBytes);
        return routes;
    }

    private static async Task<IResult> OpenCases(HttpContext context, CaseIntake intake, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!IsNdjson(request.ContentType))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the cases as {MediaType}, one JSON object per line.");
        }

        var body = await RequestBody.ReadAsync(request, MaxBytes);
        if (body is null)
        {
            return RequestBody.TooLarge(MaxBytes);
        }

        var lines = SplitLines(body);
        if (lines.Count > MaxLines)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many lines", $"A batch holds at most {MaxLines} cases; this one has {lines.Count}. Split it.");
        }

        if (lines.Count == 0)
        {
            return Problems.Validation("body", "At least one line (one case as a JSON object) is required.");
        }

        var results = new BatchLineResult[lines.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, lines.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await OpenLineAsync(intake, i + 1, lines[i], ct));

        return new NdjsonResult<BatchLineResult>(results);
    }

    private static async Task<BatchLineResult> OpenLineAsync(CaseIntake intake, int line, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        CreateCaseRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<CreateCaseRequest>(json.Span, CobranzaJson.Options);
        }
        catch (JsonException e)
        {
            return BatchLineResult.Error(line, null, JsonBody.ErrorsOf(e));
        }

        if (request is null)
        {
            return BatchLineResult.Error(line, null, new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });
        }

        var outcome = await intake.OpenAsync(request, cancellationToken);
        var errors = outcome.Errors
            ?? (outcome.Rejection is { } rejection ? new Dictionary<string, string[]> { [rejection.Field ?? "body"] = [rejection.Message] } : null);
        return outcome.Kind switch
        {
            CaseIntake.Kind.Created => new BatchLineResult(line, outcome.InvoiceId, BatchLineResult.Created, null),
            CaseIntake.Kind.Existing => new BatchLineResult(line, outcome.InvoiceId, BatchLineResult.Existing, null),
            CaseIntake.Kind.Conflict => new BatchLineResult(line, outcome.InvoiceId, BatchLineResult.Conflict, errors),
            _ => BatchLineResult.Error(line, outcome.InvoiceId, errors ?? new Dictionary<string, string[]>()),
        };
    }

    /// <summary>The body's lines (LF or CRLF); a final newline does not start another line.</summary>
    internal static List<ReadOnlyMemory<byte>> SplitLines(byte[] body)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i < body.Length && body[i] != (byte)'\n')
            {
                continue;
            }

            if (i == body.Length && start == body.Length)
            {
                break;
            }

            var end = i > start && body[i - 1] == (byte)'\r' ? i - 1 : i;
            lines.Add(body.AsMemory(start, end - start));
            start = i + 1;
        }

        return lines;
    }

    private static bool IsNdjson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase));
}

/// <summary>One line of the batch's answer.</summary>
public sealed record BatchLineResult(int Line, string? InvoiceId, string Result, IDictionary<string, string[]>? Errors)
{
    public const string Created = "created";
    public const string Existing = "existing";
    public const string Conflict = "conflict";
    public const string Failed = "error";

    public static BatchLineResult Error(int line, string? invoiceId, IDictionary<string, string[]> errors) => new(line, invoiceId, Failed, errors);
}

/// <summary>Writes items as NDJSON (one compact JSON document per line).</summary>
public sealed class NdjsonResult<T>(IReadOnlyList<T> items) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = BatchIntakeApi.MediaType + "; charset=utf-8";
        var newline = "\n"u8.ToArray();
        foreach (var item in items)
        {
            await httpContext.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(item, CobranzaJson.Options), httpContext.RequestAborted);
            await httpContext.Response.Body.WriteAsync(newline, httpContext.RequestAborted);
        }
    }
}
