using Cobranza.Domain;
using Cobranza.Messaging.Templates;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class TemplateOverridesTests
{
    private const string ValidEmail = "subject: Aviso para {{ debtor_name }}\n\nHola {{ debtor_name }}: la factura {{ invoice_number }} por {{ balance }} sigue pendiente.\n\n{{ company_name }}\n{{ unsubscribe_url }}";

    private readonly InMemoryTemplateStore _store = new();
    private readonly TemplateRenderer _renderer;
    private readonly TemplateOverrides _overrides;

    public TemplateOverridesTests()
    {
        _renderer = TemplateTestData.Renderer(_store);
        _overrides = new TemplateOverrides(_store, _renderer);
    }

    [Fact]
    public async Task SaveAsync_ValidText_StoresItAndTheRendererUsesItAtOnce()
    {
        var errors = await _overrides.SaveAsync(TemplateIds.FormalNotice, "es-MX", Channel.Email, ValidEmail, default);

        Assert.Empty(errors);
        Assert.NotNull(await _store.GetAsync(new TemplateKey(TemplateIds.FormalNotice, "es", Channel.Email), default));
        var message = _renderer.Render(TemplateIds.FormalNotice, Tone.Formal, "es-AR", Channel.Email, TemplateTestData.Single("es-AR"));
        Assert.Equal("Aviso para Comercial Rivera", message.Subject);
        Assert.True(message.Source.IsOverride);
    }

    [Fact]
    public async Task SaveAsync_UnknownVariable_ReturnsTheErrorAndStoresNothing()
    {
        var errors = await _overrides.SaveAsync(TemplateIds.FormalNotice, "es", Channel.Sms, "Hola {{ cliente }}", default);

        Assert.Contains("'cliente'", Assert.Single(errors));
        Assert.Empty(await _store.ListAsync(default));
    }

    [Theory]
    [InlineData("Aviso Formal", "es")]
    [InlineData("aviso/formal", "es")]
    [InlineData("aviso-formal", "español")]
    public async Task SaveAsync_InvalidIdOrLanguage_ReturnsAnErrorAndStoresNothing(string templateId, string language)
    {
        var errors = await _overrides.SaveAsync(templateId, language, Channel.Sms, "Hola {{ debtor_name }}", default);

        Assert.Single(errors);
        Assert.Empty(await _store.ListAsync(default));
    }

    [Fact]
    public async Task GetAsync_WithAndWithoutOverride_ReturnsTheTextInUse()
    {
        var shipped = await _overrides.GetAsync(TemplateIds.FormalNotice, "en", Channel.Email, default);
        await _overrides.SaveAsync(TemplateIds.FormalNotice, "en", Channel.Email, ValidEmail, default);
        var custom = await _overrides.GetAsync(TemplateIds.FormalNotice, "en", Channel.Email, default);

        Assert.NotNull(shipped);
        Assert.False(shipped.IsOverride);
        Assert.StartsWith("subject: Formal notice", shipped.Text);
        Assert.NotNull(custom);
        Assert.True(custom.IsOverride);
        Assert.Equal(ValidEmail, custom.Text);
        Assert.Empty(custom.Errors);
    }

    [Fact]
    public async Task DeleteAsync_ExistingOverride_RestoresTheShippedText()
    {
        await _overrides.SaveAsync(TemplateIds.FormalNotice, "es", Channel.Email, ValidEmail, default);

        var deleted = await _overrides.DeleteAsync(TemplateIds.FormalNotice, "es", Channel.Email, default);

        Assert.True(deleted);
        var message = _renderer.Render(TemplateIds.FormalNotice, Tone.Formal, "es", Channel.Email, TemplateTestData.Single("es"));
        Assert.False(message.Source.IsOverride);
        Assert.False(await _overrides.DeleteAsync(TemplateIds.FormalNotice, "es", Channel.Email, default));
    }
}
