using Cobranza.Testing;

namespace Cobranza.Functions.Tests.Support;

/// <summary>
/// One in-memory Azurite and one app process on it, shared by the tests of a class (or a collection). Subclasses add
/// settings (webhooks) or prepare a scenario once for all their tests.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private AppHost? _app;

    public string HubName { get; } = AppHost.NewHubName();

    public string StorageConnection => _azurite.ConnectionString;

    public AppHost App => _app ?? throw new InvalidOperationException("The fixture is not initialized.");

    public CobranzaApi Api => App.Api;

    public StorageProbe Storage { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Storage = new StorageProbe(_azurite.ConnectionString);
        var settings = AppHost.Settings(_azurite.ConnectionString, HubName);
        Configure(settings);
        _app = await AppHost.StartAsync(settings);
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>Adds or changes settings of the app before it starts.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }
}
