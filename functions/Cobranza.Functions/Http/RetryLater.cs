using Microsoft.AspNetCore.Diagnostics;

namespace Cobranza.Functions.Http;

/// <summary>
/// The one way the exception handlers answer "not now": 503 with Retry-After, as problem+json without internals, so
/// that webhook senders retry.
/// </summary>
public static class RetryLater
{
    public static ValueTask<bool> WriteAsync(
        IProblemDetailsService problems, HttpContext httpContext, Exception exception, int retryAfterSeconds, string title, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
