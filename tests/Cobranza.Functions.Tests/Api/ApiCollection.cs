using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

/// <summary>The HTTP contract tests share one app process and Azurite; every test uses ids of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api contract";
}
