namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// The fuzz suite (with its findings) and the concurrency suite load an app hard; they run one after the other so that
/// neither measures the other's load. The fuzz app is shared by the collection; the concurrency suite has its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RobustnessCollection : ICollectionFixture<FuzzFixture>
{
    public const string Name = "robustness";
}
