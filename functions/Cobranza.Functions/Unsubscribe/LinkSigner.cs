using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Cobranza.Domain;

namespace Cobranza.Functions.Unsubscribe;

/// <summary>
/// Signs the unsubscribe links in messages: a token naming the debtor, the channel and the language, with an expiry,
/// HMAC-SHA256 signed. The key is <c>Cobranza:Links:SigningKey</c> when configured; otherwise one is generated once and
/// kept in Blob storage, so every instance and every restart signs and verifies with the same key.
/// </summary>
public sealed class LinkSigner(IConfiguration configuration, BlobContainerClient keys, TimeProvider time)
{
    public const string KeySetting = "Cobranza:Links:SigningKey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private const string KeyBlob = "links-signing-key";
    private byte[]? _key;

    /// <summary>What a token says.</summary>
    public sealed record Claims(string DebtorId, Channel Channel, string Language, DateTimeOffset ExpiresAt);

    public async Task<string> CreateAsync(string debtorId, Channel channel, string language, CancellationToken cancellationToken)
    {
        var claims = new Claims(debtorId, channel, language, time.GetUtcNow() + Lifetime);
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims, CobranzaJson.Options);
        var signature = HMACSHA256.HashData(await KeyAsync(cancellationToken), payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The token's claims when it is authentic and unexpired; null otherwise.</summary>
    public async Task<Claims?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        var key = await KeyAsync(cancellationToken);
        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            var signature = Base64Url.DecodeFromChars(parts[1]);
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
            {
                return null;
            }

            var claims = JsonSerializer.Deserialize<Claims>(payload, CobranzaJson.Options);
            return claims is not null && claims.ExpiresAt > time.GetUtcNow() ? claims : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        if (configuration[KeySetting] is { Length: > 0 } configured)
        {
            return _key = Encoding.UTF8.GetBytes(configured);
        }

        await keys.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = keys.GetBlobClient(KeyBlob);
        try
        {
            await blob.UploadAsync(new BinaryData(RandomNumberGenerator.GetBytes(32)), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another instance generated it first: use theirs.
        }

        return _key = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }
}
