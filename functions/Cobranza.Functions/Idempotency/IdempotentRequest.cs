namespace Cobranza.Functions.Idempotency;

/// <summary>Endpoint metadata: the route honours an <c>Idempotency-Key</c> header (see <see cref="IdempotencyMiddleware"/>).</summary>
public sealed class IdempotentRequest
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public static readonly IdempotentRequest Instance = new();
}

public static class IdempotentRequestExtensions
{
    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(IdempotentRequest.Instance)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
