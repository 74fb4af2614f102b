using Cobranza.Testing;

namespace Cobranza.Durable.Tests.Support;

// Three collections, each with its own in-memory Azurite, so the waiting-bound timer and effect tests run side by side.

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "client storage";
}

[CollectionDefinition(Name)]
public sealed class TimerCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "timers";
}

[CollectionDefinition(Name)]
public sealed class EffectCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "effects";
}
