using Microsoft.Extensions.DependencyInjection;

namespace Cobranza.Durable;

/// <summary>Start-up helpers on a built service provider.</summary>
public static class DurableServiceProviderExtensions
{
    /// <summary>
    /// Creates the runtime's tables and queues if needed. Await it before serving requests: the client writes to the
    /// queues on its first command, and the worker would otherwise create them only once it has started.
    /// </summary>
    public static Task EnsureDurableStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<DurableStorageInitializer>().EnsureCreatedAsync(cancellationToken);
}
