using Cobranza.Functions.Http;

namespace Cobranza.Functions.Security;

/// <summary>
/// Refuses a request to a <see cref="SignedWebhook"/> route unless its <c>X-Cobranza-Signature</c> verifies against
/// the raw body with one of the source's secrets: 401 before anything is parsed or stored. The verified body is handed
/// on in memory for the endpoint to parse.
/// </summary>
public sealed class WebhookSignatureMiddleware(RequestDelegate next, SecurityCredentials credentials, TimeProvider time, ILogger<WebhookSignatureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SignedWebhook>() is not { } webhook)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers[WebhookSignature.HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            await Refuse(context, webhook, SignatureCheck.Outcome.Missing);
            return;
        }

        var body = await RequestBody.ReadAsync(context.Request, webhook.MaxBodyBytes);
        if (body is null)
        {
            await RequestBody.TooLarge(webhook.MaxBodyBytes).ExecuteAsync(context);
            return;
        }

        var outcome = SignatureCheck.Verify(header, body, credentials.SecretsOf(webhook.Source), time.GetUtcNow());
        if (outcome != SignatureCheck.Outcome.Valid)
        {
            await Refuse(context, webhook, outcome);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        await next(context);
    }

    private Task Refuse(HttpContext context, SignedWebhook webhook, SignatureCheck.Outcome outcome)
    {
        logger.LogWarning("Refused a {Source} webhook to {Path} from {Remote}: {Outcome}", webhook.Source, context.Request.Path, context.Connection.RemoteIpAddress, outcome);
        return Problems.Status(StatusCodes.Status401Unauthorized, "Invalid webhook signature", SignatureCheck.Describe(outcome)).ExecuteAsync(context);
    }
}
