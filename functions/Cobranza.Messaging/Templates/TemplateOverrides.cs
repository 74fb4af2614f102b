using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Staff edits of templates, for the HTTP routes (<c>PUT /api/templates/{id}/{language}/{channel}</c>): validates before
/// storing, so a broken text never reaches the store, and makes this instance's renderer use it at once.
/// </summary>
public sealed class TemplateOverrides(ITemplateStore store, TemplateRenderer renderer)
{
    /// <summary>
    /// Validates <paramref name="text"/> and, when it has no error, stores it as the override of the key. Returns the
    /// problems (an invalid id or language, a format, parse or variable error): an empty list means saved.
    /// </summary>
    /// <param name="templateId">Lower-case letters, digits and hyphens: a shipped id or a new one a policy step names.</param>
    /// <param name="language">A BCP 47 tag; only its primary subtag is kept (<c>es-MX</c> is saved as <c>es</c>).</param>
    /// <param name="channel">Email or SMS.</param>
    /// <param name="text">The template in the file format of <see cref="TemplateValidator"/>.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    public async Task<IReadOnlyList<string>> SaveAsync(string templateId, string language, Channel channel, string text, CancellationToken cancellationToken)
    {
        if (!TemplateKey.TryCreate(templateId, language, channel, out var key, out var keyError))
        {
            return [keyError];
        }

        if (text is null)
        {
            return ["The template text is missing."];
        }

        var errors = TemplateValidator.Validate(text, channel);
        if (errors.Count > 0)
        {
            return errors;
        }

        await store.PutAsync(key, text, cancellationToken);
        await renderer.ReloadOverridesAsync(cancellationToken);
        return [];
    }

    /// <summary>Removes an override, so the shipped text is used again; false when there was none (or the key is invalid).</summary>
    public async Task<bool> DeleteAsync(string templateId, string language, Channel channel, CancellationToken cancellationToken)
    {
        if (!TemplateKey.TryCreate(templateId, language, channel, out var key, out _))
        {
            return false;
        }

        var deleted = await store.DeleteAsync(key, cancellationToken);
        await renderer.ReloadOverridesAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// The text in use for a key: the stored override when there is one, else the shipped file; null when neither exists
    /// (or the key is invalid). A stored override is returned even if invalid, so staff can see and fix it.
    /// </summary>
    public async Task<EffectiveTemplate?> GetAsync(string templateId, string language, Channel channel, CancellationToken cancellationToken)
    {
        if (!TemplateKey.TryCreate(templateId, language, channel, out var key, out _))
        {
            return null;
        }

        var stored = await store.GetAsync(key, cancellationToken);
        if (stored is not null)
        {
            return new EffectiveTemplate(key, stored.Text, IsOverride: true, TemplateValidator.Validate(stored.Text, channel));
        }

        return ShippedTemplates.TextOf(key) is { } shipped ? new EffectiveTemplate(key, shipped, IsOverride: false, []) : null;
    }
}

/// <summary>The text used for a key, whether it is a staff override, and its validation errors (empty when valid).</summary>
public sealed record EffectiveTemplate(TemplateKey Key, string Text, bool IsOverride, IReadOnlyList<string> Errors);
