using System.Security.Cryptography;
using System.Text;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Turns an idempotency key into the UUID ACS takes for de-duplication (email <c>Operation-Id</c>, SMS
/// <c>repeatabilityRequestId</c>), so every retry of a message presents the same id.
/// </summary>
public static class AcsIds
{
    // Fixed for ever: changing it would give messages already in flight new ids and let ACS send them twice.
    private static readonly Guid Namespace = new("6f1c2a4e-3b7d-4f52-9a0e-8c5d2b1e7a93");

    /// <summary>
    /// A name-based UUID (RFC 9562 version 8, SHA-256 of a fixed namespace and the UTF-8 key): the same key always
    /// gives the same id, different keys give different ids.
    /// </summary>
    public static Guid FromIdempotencyKey(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);

        var name = Encoding.UTF8.GetBytes(idempotencyKey);
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
