using Cobranza.Functions.Security;
using Microsoft.Extensions.Configuration;

namespace Cobranza.Functions.Tests.Security;

public sealed class SecuritySettingsTests
{
    [Fact]
    public void Read_KeysAndIndexedSecrets_AreReadWithTheirRoles()
    {
        var (credentials, errors) = Read(new()
        {
            ["Cobranza:Auth:Keys:ana:Key"] = "k-ana",
            ["Cobranza:Auth:Keys:ana:Role"] = "Collector",
            ["Cobranza:Auth:Keys:boss:Key"] = "k-boss",
            ["Cobranza:Auth:Keys:boss:Role"] = "supervisor",
            ["Cobranza:Webhooks:Erp:Secrets:0"] = "old",
            ["Cobranza:Webhooks:Erp:Secrets:1"] = "new",
        });

        Assert.Empty(errors);
        Assert.Equal([new StaffKey("ana", "k-ana", StaffRole.Collector), new StaffKey("boss", "k-boss", StaffRole.Supervisor)], credentials.StaffKeys.OrderBy(k => k.Id));
        Assert.Equal(["old", "new"], credentials.ErpSecrets);
        Assert.Equal(["Cobranza:Webhooks:Payments:Secrets"], credentials.Missing());
    }

    [Fact]
    public void Read_SecretsAsOneCommaSeparatedValue_AreSplit()
    {
        var (credentials, _) = Read(new() { ["Cobranza:Webhooks:Payments:Secrets"] = " old , new ," });

        Assert.Equal(["old", "new"], credentials.PaymentsSecrets);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData(null)]
    public void Read_KeyWithoutAKnownRole_IsAnError(string? role)
    {
        var (credentials, errors) = Read(new() { ["Cobranza:Auth:Keys:ana:Key"] = "k", ["Cobranza:Auth:Keys:ana:Role"] = role });

        Assert.Contains("Cobranza:Auth:Keys:ana:Role", Assert.Single(errors));
        Assert.Empty(credentials.StaffKeys);
    }

    [Fact]
    public void Read_TwoKeyIdsWithOneSecret_IsAnError()
    {
        var (_, errors) = Read(new()
        {
            ["Cobranza:Auth:Keys:a:Key"] = "same", ["Cobranza:Auth:Keys:a:Role"] = "viewer",
            ["Cobranza:Auth:Keys:b:Key"] = "same", ["Cobranza:Auth:Keys:b:Role"] = "supervisor",
        });

        Assert.Contains("a, b", Assert.Single(errors));
    }

    [Fact]
    public void StaffRoles_EachRoleIncludesTheOnesBelowIt()
    {
        Assert.Equal(["viewer", "collector", "supervisor"], StaffRoles.AtLeast(StaffRole.Viewer));
        Assert.Equal(["collector", "supervisor"], StaffRoles.AtLeast(StaffRole.Collector));
        Assert.Equal(["supervisor"], StaffRoles.AtLeast(StaffRole.Supervisor));
    }

    private static (SecurityCredentials, IReadOnlyList<string>) Read(Dictionary<string, string?> values) =>
        SecuritySettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
