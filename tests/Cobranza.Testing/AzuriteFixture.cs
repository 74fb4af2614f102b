using Cobranza.Durable.Local;
using Xunit;

namespace Cobranza.Testing;

/// <summary>
/// An in-memory Azurite on free ports for one test collection (<c>ICollectionFixture&lt;AzuriteFixture&gt;</c>) or class.
/// Tests sharing it should use their own hub or table names, since it is one storage account.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    /// <summary>The connection string of the running Azurite.</summary>
    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions());

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
