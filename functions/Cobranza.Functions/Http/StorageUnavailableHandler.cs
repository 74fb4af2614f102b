using Azure;
using Cobranza.Durable;
using Microsoft.AspNetCore.Diagnostics;

namespace Cobranza.Functions.Http;

/// <summary>
/// Storage trouble is the caller's cue to retry, not a bug: an unreachable storage account or a case too contended to
/// commit answers 503 with Retry-After (webhook senders retry on it), as problem+json without internals.
/// </summary>
public sealed class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (InstanceConflictException or RequestFailedException or HttpRequestException))
        {
            return false;
        }

        logger.LogWarning(exception, "Request {Method} {Path} failed on storage; answering 503", httpContext.Request.Method, httpContext.Request.Path);
        return await RetryLater.WriteAsync(problems, httpContext, exception, retryAfterSeconds: 5, "Temporarily unavailable",
            "Storage could not complete the request; retry shortly. Nothing was changed unless a later read shows it.");
    }
}
