using System.Buffers.Text;
using System.Text;

namespace Cobranza.Functions.Http;

/// <summary>
/// Wraps the storage continuation token handed to API clients, so a token that this API did not issue is recognised
/// and refused (400) instead of being passed to storage, which would quietly answer with an empty page.
/// </summary>
public static class PageToken
{
    private const string Prefix = "cobranza.page.v1|";

    public static string? Encode(string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + storageToken));

    /// <summary>The storage token inside <paramref name="token"/>; throws <see cref="FormatException"/> for anything else.</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new FormatException("Not a continuation token issued by this API.");
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length
            ? text[Prefix.Length..]
            : throw new FormatException("Not a continuation token issued by this API.");
    }
}
