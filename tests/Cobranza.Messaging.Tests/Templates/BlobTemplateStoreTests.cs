using Azure.Storage.Blobs;
using Cobranza.Domain;
using Cobranza.Messaging.Templates;
using Cobranza.Testing;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class BlobTemplateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ListLogger<BlobTemplateStore> _logger = new();

    [Fact]
    public async Task PutGetListDelete_RoundTrip_StoresUnderTemplatesIdLanguageChannel()
    {
        var container = NewContainer();
        var store = new BlobTemplateStore(container, _logger);
        var key = new TemplateKey(TemplateIds.FinalNotice, "pt-BR", Channel.Sms);
        const string text = "{{ company_name }}: último aviso, {{ debtor_name }}.";

        var beforeAnyWrite = await store.ListAsync(default);
        await store.PutAsync(key, text, default);
        var listed = await store.ListAsync(default);
        var fetched = await store.GetAsync(key, default);

        Assert.Empty(beforeAnyWrite);
        Assert.True(await container.GetBlobClient("templates/ultimo-aviso/pt/sms.liquid").ExistsAsync());
        Assert.Equal(key, Assert.Single(listed).Key);
        Assert.Equal(text, fetched?.Text);
        Assert.NotNull(fetched?.LastModified);
        Assert.True(await store.DeleteAsync(key, default));
        Assert.Null(await store.GetAsync(key, default));
        Assert.False(await store.DeleteAsync(key, default));
    }

    [Fact]
    public async Task ListAsync_BlobWithAnotherName_IsSkippedAndLogged()
    {
        var container = NewContainer();
        await container.CreateAsync();
        await container.GetBlobClient("templates/notes.txt").UploadAsync(BinaryData.FromString("x"));
        var store = new BlobTemplateStore(container, _logger);
        await store.PutAsync(new TemplateKey("combined", "en", Channel.Email), "subject: s\n\nb {{ debtor_name }}", default);

        var listed = await store.ListAsync(default);

        Assert.Equal("combined", Assert.Single(listed).Key.TemplateId);
        Assert.Contains(_logger.Entries, e => e.Message.Contains("templates/notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renderer_WithBlobStore_UsesValidOverrideAndSkipsInvalidOne()
    {
        var store = new BlobTemplateStore(NewContainer(), _logger);
        await store.PutAsync(new TemplateKey(TemplateIds.FriendlyReminder, "es", Channel.Sms), "{{ company_name }} a {{ debtor_name }}: pague {{ balance }}", default);
        await store.PutAsync(new TemplateKey(TemplateIds.FriendlyReminder, "en", Channel.Sms), "{{ company }} to {{ debtor_name }}", default);
        var renderer = TemplateTestData.Renderer(store);

        var spanish = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "es-MX", Channel.Sms, TemplateTestData.Single());
        var english = await renderer.RenderAsync(TemplateIds.FriendlyReminder, Tone.Friendly, "en-US", Channel.Sms, TemplateTestData.Single("en-US"));

        Assert.Equal("Distribuidora Andina a Comercial Rivera: pague $12,345.67 MXN", spanish.Body);
        Assert.False(english.Source.IsOverride);
    }

    private BlobContainerClient NewContainer() =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("templates-" + Guid.NewGuid().ToString("N")[..12]);
}
