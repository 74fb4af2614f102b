namespace Cobranza.Functions.Idempotency;

/// <summary>A response kept for replay under an idempotency key: what a retry of the same request gets again.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);
