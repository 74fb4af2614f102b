using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Cobranza.Messaging.Templates;

/// <summary>Text helpers for SMS.</summary>
public static class SmsText
{
    // Characters whose plain decomposition does not lead to a GSM-7 character, or that are punctuation with a GSM-7 twin.
    private static readonly FrozenDictionary<char, string> _replacements = new Dictionary<char, string>
    {
        ['\u00A0'] = " ", // no-break space (pt-PT and es-CR group separator)
        ['\u202F'] = " ", // narrow no-break space
        ['\u2009'] = " ", // thin space
        ['\t'] = " ",
        ['\u2018'] = "'",
        ['\u2019'] = "'",
        ['\u201A'] = "'",
        ['\u2032'] = "'",
        ['\u00B4'] = "'",
        ['`'] = "'",
        ['\u201C'] = "\"",
        ['\u201D'] = "\"",
        ['\u201E'] = "\"",
        ['\u00AB'] = "\"",
        ['\u00BB'] = "\"",
        ['\u2013'] = "-",
        ['\u2014'] = "-",
        ['\u2212'] = "-",
        ['\u2026'] = "...",
        ['\u00BA'] = "o", // 1º
        ['\u00AA'] = "a", // 1ª
        ['\u0153'] = "oe",
        ['\u0152'] = "OE",
    }.ToFrozenDictionary();

    /// <summary>
    /// Replaces characters outside the GSM-7 alphabet by their closest GSM-7 equivalents (á→a, í→i, ó→o, ú→u, Á→A, ç→c,
    /// ã→a, õ→o, ê→e, â→a, ô→o, curly quotes→straight, en dash→hyphen, no-break space→space), so a Spanish or Portuguese
    /// text travels in 160-character segments instead of 70. Characters already in GSM-7 (é, ñ, ü, à, ¿, ¡, Ç, €…) are
    /// kept; characters with no close equivalent (emoji, CJK) are kept too, since dropping them could change the meaning.
    /// </summary>
    public static string FoldAccents(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Composed form first, so "a" + combining acute is one "á" to fold, and "e" + acute becomes the GSM-7 "é".
        var composed = text.Normalize(NormalizationForm.FormC);
        var folded = new StringBuilder(composed.Length);
        foreach (var rune in composed.EnumerateRunes())
        {
            if (rune.IsBmp && Gsm7.IsEncodable((char)rune.Value))
            {
                folded.Append((char)rune.Value);
            }
            else if (rune.IsBmp && _replacements.TryGetValue((char)rune.Value, out var replacement))
            {
                folded.Append(replacement);
            }
            else
            {
                folded.Append(WithoutMarks(rune));
            }
        }

        return folded.ToString();
    }

    /// <summary>Replaces no-break and thin spaces by plain spaces: a culture's number formatting must not push an SMS to UCS-2.</summary>
    internal static string PlainSpaces(string text) =>
        text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2009', ' ');

    private static string WithoutMarks(Rune rune)
    {
        var original = rune.ToString();
        var decomposed = original.Normalize(NormalizationForm.FormD);
        var bases = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                bases.Append(c);
            }
        }

        // Use the plain letters only when they are GSM-7 themselves; otherwise nothing was gained by losing the marks.
        return bases.Length > 0 && Gsm7.CanEncode(bases.ToString()) ? bases.ToString() : original;
    }
}
