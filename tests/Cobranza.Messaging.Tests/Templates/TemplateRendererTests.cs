using Cobranza.Domain;
using Cobranza.Messaging.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class TemplateRendererTests
{
    private const string ValidSpanishSms = "{{ company_name }}: hola {{ debtor_name }}, factura {{ invoice_number }} por {{ balance }}. Responda STOP para no recibir SMS.";

    [Theory]
    [InlineData("es-419", "es")]
    [InlineData("es-MX", "es")]
    [InlineData("pt-PT", "pt")]
    [InlineData("pt-BR", "pt")]
    [InlineData("en-GB", "en")]
    public void Render_RegionalTag_UsesTheTemplateOfItsPrimaryLanguage(string language, string expected)
    {
        var message = TemplateTestData.Renderer().Render(TemplateIds.FriendlyReminder, Tone.Friendly, language, Channel.Email, TemplateTestData.Single(language));

        Assert.Equal(expected, message.Source.Language);
    }

    [Fact]
    public void Render_PtPt_FormatsWithPortugalsCultureAndKeepsSmsInGsm7()
    {
        // pt-PT groups thousands with a no-break space, which is not GSM-7: SMS output uses a plain space.
        var model = TemplateTestData.Single("pt-PT", currency: "EUR");

        var sms = TemplateTestData.Renderer().Render(TemplateIds.FriendlyReminder, Tone.Friendly, "pt-PT", Channel.Sms, model);

        Assert.Contains("12 345,67 EUR", sms.Body);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(sms.Body).Encoding);
    }

    [Fact]
    public void Render_LanguageWithoutTemplates_FallsBackToSpanish()
    {
        var message = TemplateTestData.Renderer().Render(TemplateIds.FirmReminder, Tone.Firm, "de-DE", Channel.Email, TemplateTestData.Single("de-DE"));

        Assert.Equal("es", message.Source.Language);
        Assert.StartsWith("Segundo recordatorio", message.Subject);
    }

    [Fact]
    public async Task Render_LanguageWithOnlyAnEnglishOverride_FallsBackToSpanishBeforeEnglish()
    {
        // Spanish first, then English: an English-only custom template is used only when no Spanish text exists.
        var store = new InMemoryTemplateStore();
        var renderer = TemplateTestData.Renderer(store);
        await store.PutAsync(new TemplateKey("solo-ingles", "en", Channel.Sms), "{{ company_name }}: english only {{ debtor_name }}", default);
        await renderer.ReloadOverridesAsync(default);

        var message = renderer.Render("solo-ingles", Tone.Formal, "de", Channel.Sms, TemplateTestData.Single("de"));

        Assert.Equal(new TemplateSource(TemplateIds.FormalNotice, "es", Channel.Sms, IsOverride: false), message.Source);
    }

    [Theory]
    [InlineData(Tone.Friendly, TemplateIds.FriendlyReminder)]
    [InlineData(Tone.Firm, TemplateIds.FirmReminder)]
    [InlineData(Tone.Formal, TemplateIds.FormalNotice)]
    [InlineData(Tone.Final, TemplateIds.FinalNotice)]
    public void Render_UnknownTemplateId_FallsBackToTheTonesDefault(Tone tone, string expected)
    {
        var message = TemplateTestData.Renderer().Render("no-existe", tone, "es-MX", Channel.Email, TemplateTestData.Single());

        Assert.Equal(expected, message.Source.TemplateId);
    }

    [Fact]
    public void Render_InvalidTemplateId_FallsBackToTheTonesDefault()
    {
        var message = TemplateTestData.Renderer().Render("../../etc/passwd", Tone.Final, "en", Channel.Sms, TemplateTestData.Single("en"));

        Assert.Equal(TemplateIds.FinalNotice, message.Source.TemplateId);
    }

    [Fact]
    public void Render_SmsWithFoldAccents_ReplacesCharactersOutsideGsm7()
    {
        var model = TemplateTestData.Single("pt-BR", currency: "BRL") with { DebtorName = "João Conceição" };

        var plain = TemplateTestData.Renderer().Render(TemplateIds.FriendlyReminder, Tone.Friendly, "pt-BR", Channel.Sms, model);
        var folded = TemplateTestData.Renderer().Render(TemplateIds.FriendlyReminder, Tone.Friendly, "pt-BR", Channel.Sms, model, foldAccents: true);

        Assert.Contains("João Conceição", plain.Body);
        Assert.Contains("Joao Conceicao", folded.Body);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(folded.Body).Encoding);
    }

    [Fact]
    public void Render_EmailWithFoldAccents_KeepsAccents()
    {
        var model = TemplateTestData.Single() with { DebtorName = "Año Único" };

        var email = TemplateTestData.Renderer().Render(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Email, model, foldAccents: true);

        Assert.Contains("Año Único", email.Body);
        Assert.Contains("venció", email.Body);
    }

    [Fact]
    public async Task Render_ValidOverride_IsUsedInsteadOfTheShippedText()
    {
        var store = new InMemoryTemplateStore();
        await store.PutAsync(new TemplateKey(TemplateIds.FriendlyReminder, "es", Channel.Sms), ValidSpanishSms, default);
        var renderer = TemplateTestData.Renderer(store);

        var message = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Sms, TemplateTestData.Single());

        Assert.True(message.Source.IsOverride);
        Assert.Equal("Distribuidora Andina: hola Comercial Rivera, factura F-2026-00123 por $12,345.67 MXN. Responda STOP para no recibir SMS.", message.Body);
    }

    [Fact]
    public async Task Render_OverrideUnderNewId_IsUsedForThatIdOnly()
    {
        var store = new InMemoryTemplateStore();
        await store.PutAsync(new TemplateKey("cliente-vip", "es", Channel.Sms), ValidSpanishSms, default);
        var renderer = TemplateTestData.Renderer(store);

        var custom = await renderer.RenderAsync("cliente-vip", Tone.Friendly, "es-CL", Channel.Sms, TemplateTestData.Single("es-CL"));
        var standard = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es-CL", Channel.Sms, TemplateTestData.Single("es-CL"));

        Assert.Equal(new TemplateSource("cliente-vip", "es", Channel.Sms, IsOverride: true), custom.Source);
        Assert.False(standard.Source.IsOverride);
    }

    [Fact]
    public async Task Render_InvalidOverride_IsLoggedAndTheShippedTextUsed()
    {
        var store = new InMemoryTemplateStore();
        await store.PutAsync(new TemplateKey(TemplateIds.FriendlyReminder, "es", Channel.Email), "subject: Hola {{ nombre }}\n\nCuerpo {{ debtor_name }}", default);
        var logger = new ListLogger<TemplateRenderer>();
        var renderer = TemplateTestData.Renderer(store, logger: logger);

        var message = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Email, TemplateTestData.Single());

        Assert.False(message.Source.IsOverride);
        Assert.StartsWith("Recordatorio: factura", message.Subject);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("recordatorio-amable/es/email", warning.Message);
        Assert.Contains("'nombre'", warning.Message);
    }

    [Fact]
    public async Task Render_OverrideFailingAtRenderTime_FallsBackToShippedAndLogsWithoutValues()
    {
        // Parses and uses known names only, but loops past the step limit: caught when rendering.
        var store = new InMemoryTemplateStore();
        await store.PutAsync(
            new TemplateKey(TemplateIds.FriendlyReminder, "es", Channel.Sms),
            "{{ debtor_name }}{% for i in (1..1000000) %}x{% endfor %}",
            default);
        var logger = new ListLogger<TemplateRenderer>();
        var renderer = TemplateTestData.Renderer(store, logger: logger);

        var message = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Sms, TemplateTestData.Single());

        Assert.False(message.Source.IsOverride);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.DoesNotContain(TemplateTestData.DebtorName, error.Message);
    }

    [Fact]
    public async Task RenderAsync_OverrideSavedElsewhere_IsSeenOnlyAfterTheRefreshInterval()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryTemplateStore(time);
        var renderer = TemplateTestData.Renderer(store, time);
        var first = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es", Channel.Sms, TemplateTestData.Single("es"));

        await store.PutAsync(new TemplateKey(TemplateIds.FriendlyReminder, "es", Channel.Sms), ValidSpanishSms, default);
        time.Advance(TimeSpan.FromSeconds(30));
        var beforeInterval = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es", Channel.Sms, TemplateTestData.Single("es"));
        time.Advance(TimeSpan.FromSeconds(31));
        var afterInterval = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es", Channel.Sms, TemplateTestData.Single("es"));

        Assert.False(first.Source.IsOverride);
        Assert.False(beforeInterval.Source.IsOverride);
        Assert.True(afterInterval.Source.IsOverride);
    }

    [Fact]
    public async Task RenderAsync_StoreUnavailable_RendersShippedAndLogs()
    {
        var logger = new ListLogger<TemplateRenderer>();
        var renderer = TemplateTestData.Renderer(new FailingStore(), logger: logger);

        var message = await renderer.RenderAsync(TemplateIds.FormalNotice, Tone.Formal, "en", Channel.Email, TemplateTestData.Single("en"));

        Assert.False(message.Source.IsOverride);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("could not be read", StringComparison.Ordinal));
    }

    private sealed class FailingStore : ITemplateStore
    {
        public Task<IReadOnlyList<StoredTemplate>> ListAsync(CancellationToken cancellationToken) => throw new IOException("storage down");

        public Task<StoredTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken) => throw new IOException("storage down");

        public Task PutAsync(TemplateKey key, string text, CancellationToken cancellationToken) => throw new IOException("storage down");

        public Task<bool> DeleteAsync(TemplateKey key, CancellationToken cancellationToken) => throw new IOException("storage down");
    }
}
