using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Cobranza.Domain;
using Fluid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// Renders a message from a template: the staff override when one is stored and valid, else the shipped file.
/// </summary>
/// <remarks>
/// <para>Which template: the debtor's language by its primary subtag (<c>es-MX</c> → <c>es</c>), then Spanish, then
/// English; within a language the requested id, then the tone's default id (<see cref="TemplateIds.ForTone"/>), so the
/// debtor's language wins over the exact wording.</para>
/// <para>Output: email gets a subject, a plain-text body (surplus blank lines removed) and HTML derived from that body;
/// SMS gets a body only, its lines trimmed and empty ones dropped, optionally folded to GSM-7
/// (<see cref="SmsText.FoldAccents"/>). Values are inserted unencoded into plain text and SMS, and encoded in HTML.</para>
/// <para>Overrides are loaded from <see cref="ITemplateStore"/> by <see cref="ReloadOverridesAsync"/> (and by
/// <see cref="RenderAsync"/> when older than <see cref="MessageTemplateOptions.OverrideRefreshInterval"/>); one that does
/// not validate is logged and skipped, so the shipped text is used.</para>
/// </remarks>
public sealed partial class TemplateRenderer(
    ITemplateStore store, IOptions<MessageTemplateOptions> options, TimeProvider time, ILogger<TemplateRenderer> logger) : IDisposable
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile OverrideSnapshot _overrides = OverrideSnapshot.None;

    /// <summary>Renders with the overrides loaded so far (none until <see cref="ReloadOverridesAsync"/> or <see cref="RenderAsync"/> ran).</summary>
    /// <param name="templateId">The step's template id; an unknown one falls back to <paramref name="tone"/>'s default.</param>
    /// <param name="tone">The step's tone.</param>
    /// <param name="language">The debtor's BCP 47 tag, for example <c>es-MX</c>.</param>
    /// <param name="channel">Email or SMS.</param>
    /// <param name="model">The values.</param>
    /// <param name="foldAccents">For SMS: replace characters outside GSM-7 (policy option <c>sms.foldAccents</c>).</param>
    public RenderedMessage Render(string templateId, Tone tone, string language, Channel channel, MessageModel model, bool foldAccents = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        var culture = MessageFormatting.CultureFor(language);
        var values = model.ToTemplateValues();
        var overrides = _overrides.Templates;
        foreach (var key in Candidates(templateId, tone, language, channel))
        {
            if (overrides.TryGetValue(key, out var custom))
            {
                try
                {
                    return Finish(custom, templateId, culture, values, model, foldAccents);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A staff text that parsed but fails to render (a step limit, a filter error) must not stop the
                    // dunning: the shipped text of the same key is the safe fallback.
                    // Only the exception's type: its message could quote a value from the model.
                    LogOverrideRenderFailed(key.TemplateId, key.Language, key.ChannelName, e.GetType().Name);
                }
            }

            if (ShippedTemplates.Find(key) is { } shipped)
            {
                return Finish(shipped, templateId, culture, values, model, foldAccents);
            }
        }

        throw new InvalidOperationException($"No template for '{templateId}' ({tone}, {language}, {channel}), nor a fallback: the shipped templates are missing.");
    }

    /// <summary>Like <see cref="Render"/>, reading the overrides again first when they are older than the refresh interval.</summary>
    public async Task<RenderedMessage> RenderAsync(
        string templateId, Tone tone, string language, Channel channel, MessageModel model, bool foldAccents = false, CancellationToken cancellationToken = default)
    {
        await RefreshIfStaleAsync(cancellationToken);
        return Render(templateId, tone, language, channel, model, foldAccents);
    }

    /// <summary>
    /// Reads every override from the store, keeps the valid ones and logs the others. Throws when the store cannot be
    /// read, leaving the previous overrides in use.
    /// </summary>
    public async Task ReloadOverridesAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reloading.Dispose();

    private async Task RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        if (!IsStale())
        {
            return;
        }

        await _reloading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have reloaded while this one waited.
            if (IsStale())
            {
                await LoadAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store being down must not stop messages: keep what was loaded (or the shipped texts) and try again
            // after the next interval rather than on every message.
            LogOverridesUnavailable(e);
            _overrides = _overrides with { LoadedAt = time.GetUtcNow() };
        }
        finally
        {
            _reloading.Release();
        }
    }

    private bool IsStale() =>
        _overrides.LoadedAt is not { } loadedAt || time.GetUtcNow() - loadedAt >= options.Value.OverrideRefreshInterval;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(cancellationToken);
        var valid = new Dictionary<TemplateKey, CompiledTemplate>();
        foreach (var template in stored)
        {
            if (TemplateValidator.TryCompile(template.Text, template.Key, isOverride: true, out var compiled, out var errors))
            {
                valid[template.Key] = compiled!;
            }
            else
            {
                // The errors name variables, filters and positions, never model values: safe to log.
                LogInvalidOverride(template.Key.TemplateId, template.Key.Language, template.Key.ChannelName, string.Join(" ", errors));
            }
        }

        _overrides = new OverrideSnapshot(valid.ToFrozenDictionary(), time.GetUtcNow());
    }

    private static IEnumerable<TemplateKey> Candidates(string templateId, Tone tone, string language, Channel channel)
    {
        var ids = new[] { templateId, TemplateIds.ForTone(tone) }.Distinct(StringComparer.Ordinal);
        var languages = new[] { MessageFormatting.PrimarySubtag(language), "es", "en" }.Distinct(StringComparer.Ordinal);
        foreach (var candidateLanguage in languages)
        {
            foreach (var id in ids)
            {
                if (TemplateKey.TryCreate(id, candidateLanguage, channel, out var key, out _))
                {
                    yield return key;
                }
            }
        }
    }

    private RenderedMessage Finish(
        CompiledTemplate template, string requestedId, System.Globalization.CultureInfo culture, IReadOnlyDictionary<string, object?> values, MessageModel model, bool foldAccents)
    {
        if (template.Key.TemplateId != requestedId)
        {
            LogTemplateFallback(requestedId, template.Key.TemplateId, template.Key.Language, template.Key.ChannelName);
        }

        var context = new TemplateContext(TemplateValidator.Options) { CultureInfo = culture };
        foreach (var (name, value) in values)
        {
            context.SetValue(name, value);
        }

        // Render(context) writes values unencoded (Fluid's NullEncoder): right for plain text and SMS. HTML is made from
        // the finished text below, where everything is encoded at once.
        var source = new TemplateSource(template.Key.TemplateId, template.Key.Language, template.Key.Channel, template.IsOverride);
        var body = template.Body.Render(context);
        if (template.Key.Channel == Channel.Sms)
        {
            var sms = CleanSms(body);
            return new RenderedMessage("", foldAccents ? SmsText.FoldAccents(sms) : sms, null) { Source = source };
        }

        var subject = WhitespaceRun().Replace(template.Subject!.Render(context), " ").Trim();
        var text = CleanEmail(body);
        var html = PlainTextHtml.Convert(text, subject, template.Key.Language, [model.PaymentUrl, model.UnsubscribeUrl]);
        return new RenderedMessage(subject, text, html) { Source = source };
    }

    /// <summary>Trailing spaces off, at most one blank line in a row (an <c>{% if %}</c> on its own line leaves one).</summary>
    private static string CleanEmail(string body)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.TrimEnd());
        return ExtraBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    /// <summary>Every line trimmed and its spaces collapsed, empty lines dropped: every character of an SMS costs.</summary>
    private static string CleanSms(string body)
    {
        var lines = SmsText.PlainSpaces(body).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(line => SpaceRun().Replace(line, " ").Trim())
            .Where(line => line.Length > 0);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex SpaceRun();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template override {TemplateId}/{Language}/{Channel} is invalid and is ignored; the shipped template is used. {Errors}")]
    private partial void LogInvalidOverride(string templateId, string language, string channel, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Template override {TemplateId}/{Language}/{Channel} failed to render ({ExceptionType}); the shipped template is used")]
    private partial void LogOverrideRenderFailed(string templateId, string language, string channel, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template overrides could not be read; rendering with the ones loaded before (or the shipped templates)")]
    private partial void LogOverridesUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {RequestedId} does not exist; used {TemplateId}/{Language}/{Channel} instead")]
    private partial void LogTemplateFallback(string requestedId, string templateId, string language, string channel);

    private sealed record OverrideSnapshot(FrozenDictionary<TemplateKey, CompiledTemplate> Templates, DateTimeOffset? LoadedAt)
    {
        public static readonly OverrideSnapshot None = new(FrozenDictionary<TemplateKey, CompiledTemplate>.Empty, null);
    }
}
