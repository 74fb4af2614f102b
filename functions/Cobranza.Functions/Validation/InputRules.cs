using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Cobranza.Functions.Validation;

/// <summary>
/// Checks for the contact data a debtor record carries (phone, e-mail, time zone, language) and for the
/// ids that become Azure Table keys and blob names. Every method is total: bad input yields
/// <see langword="false"/>, never an exception.
/// </summary>
public static class InputRules
{
    private const int _maxEmailLength = 254;
    private const int _maxLocalPartLength = 64;
    private const int _maxDomainLabelLength = 63;
    private const int _maxIdLength = 64;

    // RFC 5322 atext besides letters and digits; quoted local parts are not accepted because mail
    // providers and SMS/e-mail gateways routinely reject them.
    private const string _atextSymbols = "!#$%&'*+-/=?^_`{|}~";

    private static readonly string[] _supportedLanguages = ["es", "en", "pt"];

    /// <summary>
    /// Whether <paramref name="phone"/> is an E.164 number: <c>+</c> followed by 8 to 15 ASCII digits,
    /// the first of which is 1-9 (country codes never start with 0). No spaces, dashes or parentheses.
    /// </summary>
    /// <param name="phone">The candidate number, for example <c>+5215512345678</c>.</param>
    /// <returns><see langword="true"/> for a well-formed E.164 number.</returns>
    public static bool IsE164([NotNullWhen(true)] string? phone)
    {
        if (phone is null || phone.Length < 9 || phone.Length > 16 || phone[0] != '+')
        {
            return false;
        }

        if (phone[1] is < '1' or > '9')
        {
            return false;
        }

        for (var i = 2; i < phone.Length; i++)
        {
            if (!char.IsAsciiDigit(phone[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A practical e-mail check: one <c>@</c>; a local part of 1-64 RFC 5322 atext characters and dots with no
    /// leading, trailing or doubled dot; a domain of at least two labels, each 1-63 letters, digits or hyphens
    /// not starting or ending with a hyphen, ending in an alphabetic TLD of two or more letters; at most 254
    /// characters in all. Internationalised domains are accepted and checked in their ASCII (punycode) form;
    /// non-ASCII local parts, quoted local parts and IP-literal domains are rejected.
    /// </summary>
    /// <param name="email">The candidate address, for example <c>pagos@empresa.com.mx</c>.</param>
    /// <returns><see langword="true"/> for an address that passes every rule.</returns>
    public static bool IsEmail([NotNullWhen(true)] string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > _maxEmailLength)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != email.LastIndexOf('@'))
        {
            return false;
        }

        var localPart = email[..at];
        var domain = email[(at + 1)..];
        if (!IsLocalPart(localPart) || !TryGetAsciiDomain(domain, out var asciiDomain))
        {
            return false;
        }

        // The length limit applies to what is actually sent over SMTP, which is the punycode form.
        return localPart.Length + 1 + asciiDomain.Length <= _maxEmailLength && IsAsciiDomain(asciiDomain);
    }

    /// <summary>
    /// Finds a time zone by its IANA id (<c>America/Mexico_City</c>, <c>UTC</c>, <c>Etc/UTC</c>). Windows ids
    /// (<c>Pacific Standard Time</c>) and offsets (<c>+02:00</c>) are rejected even where the platform could
    /// resolve them, because the id is stored and must mean the same thing on every host.
    /// </summary>
    /// <param name="ianaId">The IANA time zone id.</param>
    /// <param name="zone">The time zone when found; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="ianaId"/> is a known IANA id.</returns>
    public static bool TryGetTimeZone([NotNullWhen(true)] string? ianaId, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;

        // IANA ids use only these characters (for example Etc/GMT+5, America/Port-au-Prince); refusing the
        // rest up front keeps spaces (Windows ids), colons (offsets) and path tricks away from the file lookup.
        if (string.IsNullOrEmpty(ianaId) || ianaId.Contains("..", StringComparison.Ordinal) || ianaId[0] == '/' || ianaId[^1] == '/')
        {
            return false;
        }

        foreach (var c in ianaId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('/' or '_' or '-' or '+'))
            {
                return false;
            }
        }

        // Once a zone is cached, .NET finds it whatever the letter case; the id is stored and looked up again after a
        // restart, where only the exact spelling resolves, so only the exact spelling is accepted.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var found) || !string.Equals(found.Id, ianaId, StringComparison.Ordinal))
        {
            return false;
        }

        // On Linux .NET also resolves Windows ids through ICU; only a zone that is, or maps from, an IANA id
        // is accepted so that the stored id stays portable.
        if (!found.HasIanaId && !TimeZoneInfo.TryConvertIanaIdToWindowsId(ianaId, out _))
        {
            return false;
        }

        // HasIanaId is true for any file under /usr/share/zoneinfo, including ones that are not zones to
        // store: "localtime" is whatever the host is set to, posix/ and right/ are alternative trees
        // (right/ counts leap seconds), and posixrules/Factory are tzdata internals.
        if (IsZoneinfoArtifact(ianaId))
        {
            return false;
        }

        zone = found;
        return true;
    }

    /// <summary>
    /// Accepts a BCP 47 language tag whose primary language is Spanish, English or Portuguese, optionally
    /// followed by a script (<c>Latn</c>) and/or a region (<c>MX</c>, <c>419</c>), in any letter case, and
    /// returns it in canonical casing (<c>es-MX</c>, <c>pt-BR</c>, <c>es-Latn-419</c>). Underscores, bare
    /// language names and other languages are rejected. Variants and extensions are not supported.
    /// </summary>
    /// <param name="tag">The tag, for example <c>ES-mx</c>.</param>
    /// <param name="normalized">The canonically cased tag when accepted; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the tag is accepted.</returns>
    public static bool TryParseLanguage([NotNullWhen(true)] string? tag, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrEmpty(tag))
        {
            return false;
        }

        var subtags = tag.Split('-');
        if (subtags.Length > 3)
        {
            return false;
        }

        // Lower-case only after checking the subtag is ASCII, so no exotic character can case-map into a match.
        var language = subtags[0].All(char.IsAsciiLetter) ? subtags[0].ToLowerInvariant() : string.Empty;
        if (Array.IndexOf(_supportedLanguages, language) < 0)
        {
            return false;
        }

        var parts = new List<string>(3) { language };
        var index = 1;

        if (index < subtags.Length && IsScript(subtags[index]))
        {
            var script = subtags[index];
            parts.Add(char.ToUpperInvariant(script[0]) + script[1..].ToLowerInvariant());
            index++;
        }

        if (index < subtags.Length && IsRegion(subtags[index]))
        {
            parts.Add(subtags[index].ToUpperInvariant());
            index++;
        }

        // Anything left over (an empty subtag from "es-", a variant, a second region) is not supported.
        if (index != subtags.Length)
        {
            return false;
        }

        normalized = string.Join('-', parts);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="id"/> is safe as an Azure Table partition/row key and a blob name segment:
    /// 1-64 characters, each an ASCII letter or digit or one of <c>. _ - :</c>, and not ending with a dot
    /// (Azure Storage advises against blob names ending in a dot, and <c>.</c> / <c>..</c> segments are
    /// collapsed when a blob URI is normalised).
    /// </summary>
    /// <param name="id">The candidate id, for example <c>tenant-01:debtor_42</c>.</param>
    /// <returns><see langword="true"/> for an acceptable id.</returns>
    public static bool IsValidId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > _maxIdLength || id[^1] == '.')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsZoneinfoArtifact(string id) =>
        id is "localtime" or "posixrules" or "Factory"
        || id.StartsWith("posix/", StringComparison.Ordinal)
        || id.StartsWith("right/", StringComparison.Ordinal);

    private static bool IsLocalPart(string localPart)
    {
        if (localPart.Length is 0 or > _maxLocalPartLength
            || localPart[0] == '.'
            || localPart[^1] == '.'
            || localPart.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in localPart)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && !_atextSymbols.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetAsciiDomain(string domain, [NotNullWhen(true)] out string? asciiDomain)
    {
        asciiDomain = null;
        if (domain.Length == 0)
        {
            return false;
        }

        if (Ascii.IsValid(domain))
        {
            asciiDomain = domain;
            return true;
        }

        try
        {
            // A new instance per call: IdnMapping instance members are not documented as thread-safe.
            // UseStd3AsciiRules makes the mapping itself refuse characters outside letters, digits and hyphens.
            asciiDomain = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsAsciiDomain(string domain)
    {
        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (!IsDomainLabel(label))
            {
                return false;
            }
        }

        var tld = labels[^1];

        // A TLD is alphabetic (com, mx) or, for internationalised TLDs such as .рф, its punycode A-label (xn--p1ai).
        return (tld.Length >= 2 && tld.All(char.IsAsciiLetter))
            || tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsDomainLabel(string label)
    {
        if (label.Length is 0 or > _maxDomainLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsScript(string subtag) => subtag.Length == 4 && subtag.All(char.IsAsciiLetter);

    private static bool IsRegion(string subtag) =>
        (subtag.Length == 2 && subtag.All(char.IsAsciiLetter)) || (subtag.Length == 3 && subtag.All(char.IsAsciiDigit));
}
