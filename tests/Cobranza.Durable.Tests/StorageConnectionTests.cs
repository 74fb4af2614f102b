using Microsoft.Extensions.Configuration;

namespace Cobranza.Durable.Tests;

/// <summary>The Functions storage settings to endpoints and credential (pure), and the start-up errors naming the setting.</summary>
public sealed class StorageConnectionTests
{
    private const string ClientId = "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

    [Fact]
    public void Read_NothingSet_IsNullSoTheAppFallsBackToAzurite()
    {
        Assert.Null(StorageConnection.Read(Settings()));
    }

    [Fact]
    public void Read_ConnectionString_IsUsedAsIs()
    {
        var connection = StorageConnection.Read(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")))!;

        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
        Assert.True(connection.IsDevelopmentStorage);
        Assert.Null(connection.Credential);
    }

    [Fact]
    public void Read_AccountNameWithUserAssignedIdentity_GivesThePublicEndpointsAndThatIdentity()
    {
        var connection = StorageConnection.Read(Settings(
            ("AzureWebJobsStorage:accountName", "stcobranza01"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", ClientId)))!;

        Assert.Null(connection.ConnectionString);
        Assert.Equal(new Uri("https://stcobranza01.blob.core.windows.net/"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://stcobranza01.queue.core.windows.net/"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://stcobranza01.table.core.windows.net/"), connection.TableServiceUri);
        Assert.Equal(new AzureCredentialChoice(true, ClientId), connection.Credential);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(connection.Credential!.Create());
    }

    [Fact]
    public void Read_ServiceUrisWithoutCredential_UsesDefaultAzureCredential()
    {
        var connection = StorageConnection.Read(Settings(
            ("AzureWebJobsStorage:blobServiceUri", "https://st.blob.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://st.queue.core.windows.net"),
            ("AzureWebJobsStorage:tableServiceUri", "https://st.table.core.windows.net")))!;

        Assert.Equal(new Uri("https://st.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(AzureCredentialChoice.Default, connection.Credential);
        Assert.IsType<Azure.Identity.DefaultAzureCredential>(connection.Credential!.Create());
        Assert.NotNull(new StorageClients(connection).Tables);
    }

    [Fact]
    public void Read_SystemAssignedIdentity_HasNoClientId()
    {
        var connection = StorageConnection.Read(Settings(("AzureWebJobsStorage:accountName", "stcobranza01"), ("AzureWebJobsStorage:credential", "ManagedIdentity")))!;

        Assert.Equal(new AzureCredentialChoice(true, null), connection.Credential);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage:blobServiceUri", "https://st.blob.core.windows.net", "AzureWebJobsStorage:queueServiceUri", "https://st.queue.core.windows.net")]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage:tableServiceUri", "https://st.table.core.windows.net", "AzureWebJobsStorage:queueServiceUri", "https://st.queue.core.windows.net")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage:queueServiceUri", "not a uri", "AzureWebJobsStorage:accountName", "")]
    [InlineData("AzureWebJobsStorage__accountName", "AzureWebJobsStorage:accountName", "Not_A_Name", "AzureWebJobsStorage:credential", "managedidentity")]
    [InlineData("AzureWebJobsStorage__credential", "AzureWebJobsStorage:accountName", "stcobranza01", "AzureWebJobsStorage:credential", "secret")]
    [InlineData("AzureWebJobsStorage__credential", "AzureWebJobsStorage:accountName", "stcobranza01", "AzureWebJobsStorage:clientId", ClientId)]
    [InlineData("AzureWebJobsStorage__clientId", "AzureWebJobsStorage:accountName", "stcobranza01", "AzureWebJobsStorage:clientId", "my-identity")]
    [InlineData("AzureWebJobsStorage__accountName", "AzureWebJobsStorage:credential", "managedidentity", "AzureWebJobsStorage:clientId", ClientId)]
    public void Read_IncompleteOrWrongSettings_FailsNamingTheSetting(string named, string key1, string value1, string key2, string value2)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Read(Settings((key1, value1), (key2, value2))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCredential_ClientIdAloneWhereAllowed_IsThatManagedIdentity()
    {
        var section = Settings(("Cobranza:Acs:ClientId", ClientId)).GetSection("Cobranza:Acs");

        Assert.Equal(new AzureCredentialChoice(true, ClientId), AzureCredentialChoice.Read(section, "Cobranza__Acs", clientIdAloneMeansManagedIdentity: true));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
