using Cobranza.Durable;
using Cobranza.Functions.Policies;

namespace Cobranza.Functions.Hosting;

/// <summary>
/// Creates the app's tables and containers and seeds the default policy before the server takes requests (hosted
/// services start before Kestrel does).
/// </summary>
public sealed class AppStorageInitializer(AppTables tables, DurableStorageInitializer durable, PolicyStore policies) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(tables.EnsureCreatedAsync(cancellationToken), durable.EnsureCreatedAsync(cancellationToken));
        await policies.EnsureDefaultAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
