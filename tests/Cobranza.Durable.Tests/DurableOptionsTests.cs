using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable.Tests;

public sealed class DurableOptionsTests
{
    [Fact]
    public void DurableOptions_Defaults_AreValid()
    {
        var result = new DurableOptionsValidator().Validate(null, new DurableOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("hub-name")]
    [InlineData("hub_name")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdef")]
    public void DurableOptions_InvalidHubName_FailsNamingTheKey(string hubName)
    {
        var result = new DurableOptionsValidator().Validate(null, new DurableOptions { HubName = hubName });

        Assert.True(result.Failed);
        Assert.Contains("Cobranza:Durable:HubName", result.FailureMessage);
    }

    [Theory]
    [InlineData("Partitions", "0")]
    [InlineData("Partitions", "17")]
    [InlineData("TimerSweepInterval", "00:02:00")]
    [InlineData("MaxDequeueCount", "0")]
    [InlineData("EffectRecoveryDelay", "8.00:00:00")]
    [InlineData("MaxPollingInterval", "00:00:00.010")]
    public void DurableOptions_OutOfRangeValue_FailsAtResolveNamingTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cobranza:Durable:" + key] = value })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddDurableRuntime<Support.CounterState, Support.CounterLogic, Support.RecordingExecutor>(configuration, "UseDevelopmentStorage=true")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DurableOptions>>().Value);

        Assert.Contains("Cobranza:Durable:" + key, error.Message);
    }

    [Fact]
    public void DurableOptions_BoundFromConfiguration_TakesTheValues()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cobranza:Durable:HubName"] = "Cases2",
                ["Cobranza:Durable:Partitions"] = "8",
                ["Cobranza:Durable:TimerHorizon"] = "00:05:00",
                ["Cobranza:Durable:Enabled"] = "false",
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddDurableRuntime<Support.CounterState, Support.CounterLogic, Support.RecordingExecutor>(configuration, "UseDevelopmentStorage=true")
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DurableOptions>>().Value;
        var layout = services.GetRequiredService<StorageLayout>();

        Assert.Equal(("Cases2", 8, TimeSpan.FromMinutes(5), false), (options.HubName, options.Partitions, options.TimerHorizon, options.Enabled));
        Assert.Equal("cases2-control-07", layout.ControlQueue(7));
    }
}
