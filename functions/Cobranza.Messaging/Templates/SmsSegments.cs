using System.Collections.Frozen;

namespace Cobranza.Messaging.Templates;

/// <summary>How an SMS is encoded on the air (3GPP TS 23.038).</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 7-bit default alphabet: 160 characters in one SMS, 153 per part when concatenated.</summary>
    Gsm7,

    /// <summary>UCS-2 (UTF-16 code units): 70 in one SMS, 67 per part.</summary>
    Ucs2,
}

/// <summary>How many characters a text takes in its encoding and how many SMS segments it is billed as.</summary>
public sealed record SmsSegmentCount(SmsEncoding Encoding, int Segments, int Characters);

/// <summary>
/// Counts SMS segments per 3GPP TS 23.038: a text made only of GSM-7 characters travels in 7-bit septets (an extension
/// table character such as € or { costs two: an escape and the character); any other character sends the whole text in
/// UCS-2. A concatenated message loses room to its header (153 septets or 67 code units per part), and an escape pair or a
/// surrogate pair is never split across parts, as handsets and providers do.
/// </summary>
public static class SmsSegments
{
    /// <summary>Septets in one unconcatenated GSM-7 SMS.</summary>
    public const int Gsm7Single = 160;

    /// <summary>Septets per part of a concatenated GSM-7 SMS (7 septets go to the user data header).</summary>
    public const int Gsm7Part = 153;

    /// <summary>UTF-16 code units in one unconcatenated UCS-2 SMS.</summary>
    public const int Ucs2Single = 70;

    /// <summary>UTF-16 code units per part of a concatenated UCS-2 SMS.</summary>
    public const int Ucs2Part = 67;

    /// <summary>Counts <paramref name="text"/>. An empty text needs no segment.</summary>
    public static SmsSegmentCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Gsm7.CanEncode(text))
        {
            var septets = 0;
            foreach (var c in text)
            {
                septets += Gsm7.SeptetsOf(c);
            }

            return new SmsSegmentCount(
                SmsEncoding.Gsm7,
                septets <= Gsm7Single ? (septets == 0 ? 0 : 1) : Parts(text.Select(Gsm7.SeptetsOf), Gsm7Part),
                septets);
        }

        return new SmsSegmentCount(
            SmsEncoding.Ucs2,
            text.Length <= Ucs2Single ? 1 : Parts(CodePointLengths(text), Ucs2Part),
            text.Length);
    }

    /// <summary>Fills parts greedily, starting a new one when the next unit (which cannot be split) would not fit.</summary>
    private static int Parts(IEnumerable<int> unitSizes, int partSize)
    {
        var parts = 1;
        var used = 0;
        foreach (var size in unitSizes)
        {
            if (used + size > partSize)
            {
                parts++;
                used = 0;
            }

            used += size;
        }

        return parts;
    }

    private static IEnumerable<int> CodePointLengths(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.Utf16SequenceLength;
        }
    }
}

/// <summary>The GSM 03.38 / 3GPP TS 23.038 default alphabet and its extension table.</summary>
internal static class Gsm7
{
    // The 127 printable positions of the basic character set (0x1B, the escape to the extension table, is not a
    // character). Note what is and is not there: é è ù ì ò à ñ Ñ ü Ü ä ö Ä Ö Å å Ç É ¿ ¡ are; á í ó ú ç ã õ ê â ô are not.
    private const string BasicCharacters =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each is sent as ESC + character, two septets.
    private const string ExtensionCharacters = "\f^{}\\[~]|€";

    private static readonly FrozenSet<char> _basic = BasicCharacters.ToFrozenSet();
    private static readonly FrozenSet<char> _extension = ExtensionCharacters.ToFrozenSet();

    public static bool IsBasic(char c) => _basic.Contains(c);

    public static bool IsEncodable(char c) => _basic.Contains(c) || _extension.Contains(c);

    public static bool CanEncode(string text)
    {
        foreach (var c in text)
        {
            if (!IsEncodable(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1 for the basic set, 2 for the extension table (only meaningful for encodable characters).</summary>
    public static int SeptetsOf(char c) => _extension.Contains(c) ? 2 : 1;
}
