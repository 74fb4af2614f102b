namespace Cobranza.Functions.Security;

/// <summary>Endpoint metadata: the route is a webhook signed by <paramref name="Source"/>, with bodies up to <paramref name="MaxBodyBytes"/>.</summary>
public sealed record SignedWebhook(WebhookSource Source, long MaxBodyBytes);

public static class SignedWebhookExtensions
{
    /// <summary>Requires a valid <c>X-Cobranza-Signature</c> by one of <paramref name="source"/>'s secrets (checked by <see cref="WebhookSignatureMiddleware"/>).</summary>
    public static TBuilder RequireWebhookSignature<TBuilder>(this TBuilder builder, WebhookSource source, long maxBodyBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(new SignedWebhook(source, maxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
