namespace Cobranza.Messaging.Acs;

/// <summary>
/// An ACS connection string (<c>endpoint=https://…/;accesskey=…</c>) split into the resource endpoint and the decoded
/// HMAC key. <see cref="ToString"/> never shows the key, so the value can end up in a log or a debugger safely.
/// </summary>
public sealed class AcsConnectionString
{
    private const string EndpointKey = "endpoint";
    private const string AccessKeyKey = "accesskey";

    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    /// <summary>The resource endpoint, always ending with a slash (<c>https://name.communication.azure.com/</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>The access key, base64-decoded: the HMAC-SHA256 key.</summary>
    public ReadOnlyMemory<byte> AccessKey { get; }

    /// <summary>
    /// Parses <paramref name="connectionString"/>. Keys are case-insensitive, unknown keys are ignored, the endpoint may
    /// or may not end with a slash.
    /// </summary>
    /// <exception cref="FormatException">
    /// The string is empty, lacks <c>endpoint</c> or <c>accesskey</c>, or one of them is malformed. The message names
    /// the key and never contains the access key.
    /// </exception>
    public static AcsConnectionString Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The ACS connection string is empty; expected 'endpoint=https://…/;accesskey=…'.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: a base64 key ends with '=' padding.
            var separator = part.IndexOf('=');
            if (separator <= 0)
            {
                throw new FormatException(
                    "The ACS connection string has a part that is not 'key=value'; expected 'endpoint=https://…/;accesskey=…'.");
            }

            values[part[..separator].Trim()] = part[(separator + 1)..].Trim();
        }

        if (!values.TryGetValue(EndpointKey, out var endpointText) || endpointText.Length == 0)
        {
            throw new FormatException($"The ACS connection string has no '{EndpointKey}'.");
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException($"The ACS connection string's '{EndpointKey}' is not an absolute http(s) URI.");
        }

        if (!values.TryGetValue(AccessKeyKey, out var keyText) || keyText.Length == 0)
        {
            throw new FormatException($"The ACS connection string has no '{AccessKeyKey}'.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            // The original exception is dropped on purpose: nothing about the key's text may travel further.
            throw new FormatException($"The ACS connection string's '{AccessKeyKey}' is not valid base64.");
        }

        if (key.Length == 0)
        {
            throw new FormatException($"The ACS connection string's '{AccessKeyKey}' is empty.");
        }

        return new AcsConnectionString(WithTrailingSlash(endpoint), key);
    }

    /// <summary>The endpoint only; the key is never shown.</summary>
    public override string ToString() => $"{EndpointKey}={Endpoint};{AccessKeyKey}=***";

    internal static Uri WithTrailingSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
}
