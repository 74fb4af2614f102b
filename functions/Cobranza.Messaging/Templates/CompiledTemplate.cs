using Cobranza.Domain;
using Fluid;

namespace Cobranza.Messaging.Templates;

/// <summary>A template text split into its parts (see <see cref="TemplateText"/>) and parsed by Fluid, ready to render.</summary>
internal sealed record CompiledTemplate(TemplateKey Key, IFluidTemplate? Subject, IFluidTemplate Body, bool IsOverride);

/// <summary>
/// The file format of a template. Email: the first line is <c>subject: …</c> (a Liquid template itself), then the body
/// after a blank line. SMS: the whole text is the body. Line endings may be CRLF or LF.
/// </summary>
internal static class TemplateText
{
    public const string SubjectPrefix = "subject:";

    /// <summary>Splits <paramref name="text"/> into subject and body, or explains in <paramref name="error"/> what is wrong.</summary>
    public static bool TrySplit(string text, Channel channel, out string? subject, out string body, out string? error)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        subject = null;
        body = "";
        error = null;
        var firstLineEnd = normalized.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstLineEnd < 0 ? normalized : normalized[..firstLineEnd];
        var startsWithSubject = firstLine.TrimStart().StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase);
        if (channel == Channel.Sms)
        {
            if (startsWithSubject)
            {
                error = "An SMS template has no subject: remove the 'subject:' line.";
                return false;
            }

            body = normalized;
        }
        else
        {
            if (!startsWithSubject)
            {
                error = "An email template must start with a 'subject: …' line, then a blank line, then the body.";
                return false;
            }

            subject = firstLine.TrimStart()[SubjectPrefix.Length..].Trim();
            body = firstLineEnd < 0 ? "" : normalized[(firstLineEnd + 1)..].TrimStart('\n');
            if (subject.Length == 0)
            {
                error = "The email subject is empty.";
                return false;
            }
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            error = "The template body is empty.";
            return false;
        }

        return true;
    }
}
