namespace Cobranza.Functions.Security;

/// <summary>
/// The <c>name=value,name=value</c> shape shared by signature headers (ours, Stripe's <c>t=…,v1=…</c>, Mercado Pago's
/// <c>ts=…,v1=…</c>): split into trimmed pairs; each scheme decides what its names mean.
/// </summary>
public static class SignatureHeader
{
    /// <summary>The header's pairs in order, or null when a part has no name.</summary>
    public static List<(string Name, string Value)>? TryReadPairs(string header)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in header.Split(','))
        {
            var separator = part.IndexOf('=');
            if (separator <= 0)
            {
                return null;
            }

            pairs.Add((part[..separator].Trim(), part[(separator + 1)..].Trim()));
        }

        return pairs;
    }
}
