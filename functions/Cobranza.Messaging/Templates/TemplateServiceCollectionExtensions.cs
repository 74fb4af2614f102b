using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cobranza.Messaging.Templates;

/// <summary>Registration of the templates.</summary>
public static class TemplateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TemplateRenderer"/> and <see cref="TemplateOverrides"/> with options from
    /// <c>Cobranza:Templates</c>. Without <see cref="AddBlobTemplateStore"/> there are no overrides (<see cref="NoTemplateStore"/>).
    /// </summary>
    public static IServiceCollection AddMessageTemplates(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MessageTemplateOptions>()
            .Bind(configuration.GetSection(MessageTemplateOptions.Section))
            .Validate(o => o.OverrideRefreshInterval > TimeSpan.Zero, $"{MessageTemplateOptions.Section}:{nameof(MessageTemplateOptions.OverrideRefreshInterval)} must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITemplateStore, NoTemplateStore>();
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton<TemplateOverrides>();
        return services;
    }

    /// <summary>Keeps overrides in a Blob container (see <see cref="BlobTemplateStore"/>), replacing any other store.</summary>
    /// <param name="services">The services.</param>
    /// <param name="container">The container, usually from the app's <see cref="BlobServiceClient"/> and
    /// <see cref="BlobTemplateStore.DefaultContainerName"/>.</param>
    public static IServiceCollection AddBlobTemplateStore(this IServiceCollection services, Func<IServiceProvider, BlobContainerClient> container)
    {
        ArgumentNullException.ThrowIfNull(container);
        services.RemoveAll<ITemplateStore>();
        services.AddSingleton<ITemplateStore>(sp => new BlobTemplateStore(container(sp), sp.GetRequiredService<ILogger<BlobTemplateStore>>()));
        return services;
    }
}
