using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Names one template text: id × language × channel. <see cref="Language"/> is the primary subtag only (<c>es-MX</c> is
/// kept as <c>es</c>), since texts are written per language and regional formats come from the model.
/// </summary>
public sealed partial record TemplateKey
{
    /// <summary>Creates a key, throwing <see cref="ArgumentException"/> when a part is invalid.</summary>
    public TemplateKey(string templateId, string language, Channel channel)
    {
        if (!TryValidate(templateId, language, channel, out var error))
        {
            throw new ArgumentException(error, nameof(templateId));
        }

        TemplateId = templateId;
        Language = MessageFormatting.PrimarySubtag(language);
        Channel = channel;
    }

    /// <summary>Lower-case letters, digits and hyphens, for example <c>recordatorio-amable</c>.</summary>
    public string TemplateId { get; }

    /// <summary>The primary language subtag: <c>es</c>, <c>en</c>, <c>pt</c>.</summary>
    public string Language { get; }

    /// <summary>Email or SMS.</summary>
    public Channel Channel { get; }

    /// <summary><c>email</c> or <c>sms</c>, as in file and blob names.</summary>
    public string ChannelName => NameOf(Channel);

    /// <summary>Creates a key, or says in <paramref name="error"/> which part is invalid.</summary>
    public static bool TryCreate(string? templateId, string? language, Channel channel, [NotNullWhen(true)] out TemplateKey? key, [NotNullWhen(false)] out string? error)
    {
        if (!TryValidate(templateId, language, channel, out error))
        {
            key = null;
            return false;
        }

        key = new TemplateKey(templateId!, language!, channel);
        return true;
    }

    /// <summary>The channel's name in file and blob names.</summary>
    public static string NameOf(Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a known channel."),
    };

    /// <summary>Parses <c>email</c> or <c>sms</c> (any case).</summary>
    public static bool TryParseChannel(string? name, out Channel channel)
    {
        switch (name?.ToLowerInvariant())
        {
            case "email":
                channel = Channel.Email;
                return true;
            case "sms":
                channel = Channel.Sms;
                return true;
            default:
                channel = default;
                return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{TemplateId}.{Language}.{ChannelName}";

    private static bool TryValidate(string? templateId, string? language, Channel channel, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (templateId is null || !TemplateIdPattern().IsMatch(templateId))
        {
            // The id becomes part of a blob name: keep it to a safe alphabet.
            error = $"Template id '{templateId}' is invalid: use 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit.";
        }
        else if (language is null || !LanguagePattern().IsMatch(MessageFormatting.PrimarySubtag(language)))
        {
            error = $"Language '{language}' is invalid: give a BCP 47 tag such as es, en, pt or es-MX.";
        }
        else if (!Enum.IsDefined(channel))
        {
            error = $"Channel '{channel}' is invalid: use email or sms.";
        }

        return error is null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateIdPattern();

    [GeneratedRegex("^[a-z]{2,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
