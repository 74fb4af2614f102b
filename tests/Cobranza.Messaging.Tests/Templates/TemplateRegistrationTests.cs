using Azure.Storage.Blobs;
using Cobranza.Messaging.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class TemplateRegistrationTests
{
    [Fact]
    public void AddMessageTemplates_WithoutStore_ResolvesRendererWithNoOverridesAndBoundOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cobranza:Templates:OverrideRefreshInterval"] = "00:05:00" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddMessageTemplates(configuration).BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<TemplateRenderer>());
        Assert.NotNull(provider.GetRequiredService<TemplateOverrides>());
        Assert.IsType<NoTemplateStore>(provider.GetRequiredService<ITemplateStore>());
        Assert.Equal(TimeSpan.FromMinutes(5), provider.GetRequiredService<IOptions<MessageTemplateOptions>>().Value.OverrideRefreshInterval);
    }

    [Fact]
    public void AddBlobTemplateStore_AfterAddMessageTemplates_ReplacesTheStore()
    {
        var services = new ServiceCollection().AddLogging().AddMessageTemplates(new ConfigurationBuilder().Build());
        services.AddBlobTemplateStore(_ => new BlobContainerClient("UseDevelopmentStorage=true", BlobTemplateStore.DefaultContainerName));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<BlobTemplateStore>(provider.GetRequiredService<ITemplateStore>());
    }
}
