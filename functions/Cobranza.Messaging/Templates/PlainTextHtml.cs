using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Turns a rendered plain-text email body into simple HTML: blank-line separated paragraphs, line breaks, "- " lines as a
/// list, and the model's own links (payment, unsubscribe) clickable.
/// </summary>
/// <remarks>
/// The whole plain text is HTML-encoded, template text and values alike, so a debtor named <c>&lt;b&gt;Ana &amp; Co&lt;/b&gt;</c>
/// shows as written and a staff-edited template cannot inject markup either. Only URLs that came from the model become
/// links, and only http(s) ones, so no text in a value can smuggle in a link of its own.
/// </remarks>
internal static class PlainTextHtml
{
    // All Unicode ranges allowed, so "¿Año?" stays readable in the source; markup characters are still encoded.
    private static readonly HtmlEncoder _encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Convert(string body, string title, string language, IEnumerable<string?> links)
    {
        var encodedLinks = links
            .Where(IsWebUrl)
            .Select(link => _encoder.Encode(link!))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(link => link.Length)
            .ToList();
        var linkPattern = encodedLinks.Count == 0
            ? null
            : new Regex(string.Join("|", encodedLinks.Select(Regex.Escape)), RegexOptions.CultureInvariant);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(_encoder.Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(_encoder.Encode(title)).Append("</title>\n</head>\n<body>\n");
        foreach (var paragraph in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = paragraph.Split('\n', StringSplitOptions.TrimEntries);
            if (lines.All(line => line.StartsWith("- ", StringComparison.Ordinal)))
            {
                html.Append("<ul>\n");
                foreach (var line in lines)
                {
                    html.Append("<li>").Append(Inline(line[2..], linkPattern)).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }
            else
            {
                html.Append("<p>").AppendJoin("<br>\n", lines.Select(line => Inline(line, linkPattern))).Append("</p>\n");
            }
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string Inline(string text, Regex? linkPattern)
    {
        var encoded = _encoder.Encode(text);
        return linkPattern is null ? encoded : linkPattern.Replace(encoded, match => $"<a href=\"{match.Value}\">{match.Value}</a>");
    }

    private static bool IsWebUrl(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
