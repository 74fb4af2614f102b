using Cobranza.Functions.Http;
using Cobranza.Functions.Security;

namespace Cobranza.Functions.Idempotency;

/// <summary>
/// Honours <c>Idempotency-Key</c> on <see cref="IdempotentRequest"/> routes: the first request with a key runs and its
/// response is kept; the same key with the same method, path and body gets that response again (marked
/// <c>Idempotent-Replayed: true</c>) without running anything; the same key with another request is refused with 422;
/// while the first is still running, 409. Server errors and 429 are not kept, so a retry runs again.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, ILogger<IdempotencyMiddleware> logger)
{
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[IdempotentRequest.HeaderName].ToString();
        if (key.Length == 0 || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentRequest>() is null)
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength || !key.All(c => c is >= ' ' and <= '~'))
        {
            await Problems.Validation(IdempotentRequest.HeaderName, $"1-{MaxKeyLength} printable ASCII characters (a UUID is a good key).").ExecuteAsync(context);
            return;
        }

        var body = await RequestBody.ReadAsync(context.Request, JsonBody.MaxBytes);
        if (body is null)
        {
            await RequestBody.TooLarge(JsonBody.MaxBytes).ExecuteAsync(context);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        var scope = context.User.StaffActor();
        var fingerprint = IdempotencyStore.Fingerprint(context.Request.Method, context.Request.Path + context.Request.QueryString, body);
        var begin = await store.BeginAsync(scope, key, fingerprint, context.RequestAborted);
        switch (begin.Kind)
        {
            case IdempotencyStore.BeginKind.Replay:
                await ReplayAsync(context, begin.Response!);
                return;
            case IdempotencyStore.BeginKind.Mismatch:
                await Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    $"This {IdempotentRequest.HeaderName} was used for a different request (method, path or body). Use a new key for a new request.").ExecuteAsync(context);
                return;
            case IdempotencyStore.BeginKind.InProgress:
                await Problems.Status(StatusCodes.Status409Conflict, "Request in progress",
                    $"A request with this {IdempotentRequest.HeaderName} is still being processed; retry shortly.").ExecuteAsync(context);
                return;
        }

        await RunAndKeepAsync(context, scope, key, fingerprint, begin);
    }

    private async Task RunAndKeepAsync(HttpContext context, string scope, string key, string fingerprint, IdempotencyStore.Begin begin)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            // A request that failed with an exception did not complete: a retry with the key must run it again.
            await store.ReleaseAsync(scope, key, begin.ETag, CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        await KeepAsync(context, scope, key, fingerprint, begin, captured.ToArray());
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task KeepAsync(HttpContext context, string scope, string key, string fingerprint, IdempotencyStore.Begin begin, byte[] body)
    {
        var response = context.Response;
        try
        {
            if (response.StatusCode >= 500 || response.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                await store.ReleaseAsync(scope, key, begin.ETag, CancellationToken.None);
                return;
            }

            var location = response.Headers.Location.ToString();
            var kept = new StoredResponse(response.StatusCode, response.ContentType, location.Length > 0 ? location : null, body);
            if (!await store.CompleteAsync(scope, key, fingerprint, begin.ETag, kept, CancellationToken.None))
            {
                logger.LogWarning("The response to {Path} is too large to keep for idempotent replay; a retry with the same key will run again", context.Request.Path);
            }
        }
        catch (Azure.RequestFailedException e)
        {
            // The request itself succeeded and its answer is still sent; only its replay is lost. A retry with this key
            // waits (409) until the pending row counts as abandoned, then runs again: the staff actions it guards are
            // either naturally idempotent or recorded in the case's history, so the operator can see a repeat.
            logger.LogError(e, "Could not keep the response to {Path} for idempotent replay", context.Request.Path);
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        context.Response.StatusCode = stored.Status;
        context.Response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        context.Response.Headers[IdempotentRequest.ReplayedHeaderName] = "true";
        context.Response.ContentLength = stored.Body.Length;
        await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }
}
