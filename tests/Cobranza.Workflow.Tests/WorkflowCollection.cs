using Cobranza.Testing;

namespace Cobranza.Workflow.Tests;

/// <summary>One Azurite for the workflow tests; each test runs its own task hub on it.</summary>
[CollectionDefinition(Name)]
public sealed class WorkflowCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "workflow";
}
