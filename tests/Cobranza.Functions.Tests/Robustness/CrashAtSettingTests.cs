using Cobranza.Durable;
using Cobranza.Functions.Faults;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Microsoft.Extensions.Configuration;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>The crash-at setting is read strictly: a typo must not silently turn a fault-injection run into a plain one.</summary>
public sealed class CrashAtSettingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Read_Unset_NoCrash() => Assert.Null(CrashAtSetting.Read(Configuration()));

    [Theory]
    [InlineData("AfterCommit", null, DurableFaultPoint.AfterCommit, 1)]
    [InlineData("beforeack", "3", DurableFaultPoint.BeforeAck, 3)]
    [InlineData(" AfterExternalAccept ", "1", DurableFaultPoint.AfterExternalAccept, 1)]
    public void Read_KnownPoint_CrashesThereOnTheGivenHit(string crashAt, string? afterHits, DurableFaultPoint point, int hits) =>
        Assert.Equal(new CrashAtSetting(point, hits), CrashAtSetting.Read(Configuration(crashAt, afterHits)));

    [Theory]
    [InlineData("AfterLunch", null, "no fault point")]
    [InlineData("3", null, "no fault point")]
    [InlineData("AfterCommit", "0", "at least 1")]
    [InlineData("AfterCommit", "two", "at least 1")]
    [InlineData(null, "2", "CrashAt is not")]
    public void Read_Invalid_ThrowsNamingTheSetting(string? crashAt, string? afterHits, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CrashAtSetting.Read(Configuration(crashAt, afterHits)));
        Assert.Contains("Cobranza:Durable:FaultInjection:", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownCrashPoint_AppRefusesToStartNamingTheKnownPoints()
    {
        var settings = AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName());
        settings[CrashAtSetting.CrashAtKey] = "AfterLunch";

        // AppHost's start failure is its own private exception type; what matters is that the process exited, and why.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AppHost.StartAsync(settings);
        });

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("'AfterLunch', which is no fault point; use one of AfterDecide, AfterOutboundPrewrite", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? crashAt = null, string? afterHits = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CrashAtSetting.CrashAtKey] = crashAt,
            [CrashAtSetting.AfterHitsKey] = afterHits,
        }).Build();
}
