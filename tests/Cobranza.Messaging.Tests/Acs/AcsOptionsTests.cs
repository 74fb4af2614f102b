using Cobranza.Messaging.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsOptionsTests
{
    private const string ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Validate_EmailNeededWithoutSenderOrCredentials_NamesBothKeys()
    {
        var errors = new AcsOptions().Validate(emailNeeded: true, smsNeeded: false);

        Assert.Contains(errors, e => e.StartsWith("Cobranza:Acs:EmailFrom ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Cobranza:Acs:ConnectionString or Cobranza:Acs:Endpoint", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("SmsFrom", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SmsNeededWithNumberNotInE164_NamesSmsFrom()
    {
        var options = new AcsOptions { ConnectionString = ConnectionString, SmsFrom = "55 1234 5678" };

        var error = Assert.Single(options.Validate(emailNeeded: false, smsNeeded: true));

        Assert.StartsWith("Cobranza:Acs:SmsFrom ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadConnectionString_NamesTheKeyWithoutTheAccessKey()
    {
        var options = new AcsOptions
        {
            ConnectionString = "endpoint=https://contoso.communication.azure.com/;accesskey=sec!ret",
            EmailFrom = "cobranza@contoso.example",
        };

        var error = Assert.Single(options.Validate(emailNeeded: true, smsNeeded: false));

        Assert.StartsWith("Cobranza:Acs:ConnectionString is invalid", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sec!ret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NothingGoesThroughAcs_HasNoErrors()
    {
        Assert.Empty(new AcsOptions().Validate(emailNeeded: false, smsNeeded: false));
    }

    [Fact]
    public void Validate_CompleteSettings_HasNoErrors()
    {
        var options = new AcsOptions { ConnectionString = ConnectionString, EmailFrom = "cobranza@contoso.example", SmsFrom = "+15550100000" };

        Assert.Empty(options.Validate(emailNeeded: true, smsNeeded: true));
    }

    [Fact]
    public void AddAcsChannels_ConfigurationBound_OptionsHaveTheValuesAndDefaults()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Cobranza:Acs:ConnectionString"] = ConnectionString,
            ["Cobranza:Acs:EmailFrom"] = "cobranza@contoso.example",
            ["Cobranza:Acs:SmsFrom"] = "+15550100000",
            ["Cobranza:Acs:MaxRetryDelay"] = "00:00:10",
        });

        var options = services.GetRequiredService<IOptions<AcsOptions>>().Value;

        Assert.Equal(("cobranza@contoso.example", "+15550100000"), (options.EmailFrom, options.SmsFrom));
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxRetryDelay);
        Assert.Equal((30, "2023-03-31", "2021-03-07", 4), (options.EmailsPerMinute, options.EmailApiVersion, options.SmsApiVersion, options.MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), (options.OperationPollInterval, options.OperationTimeout));
        Assert.NotNull(services.GetRequiredService<AcsEmailChannel>());
        Assert.NotNull(services.GetRequiredService<AcsSmsChannel>());
    }

    [Fact]
    public void AddAcsChannels_MissingEmailFrom_FailsOnFirstUseNamingTheKey()
    {
        using var services = Build(new Dictionary<string, string?> { ["Cobranza:Acs:ConnectionString"] = ConnectionString, ["Cobranza:Acs:SmsFrom"] = "+15550100000" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<AcsEmailChannel>());

        Assert.Contains("Cobranza:Acs:EmailFrom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAcsChannels_MissingSmsFromWhenSmsNeeded_FailsHostStartNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cobranza:Acs:ConnectionString"] = ConnectionString })
            .Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Services.AddAcsChannels(configuration, emailNeeded: false, smsNeeded: true);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Cobranza:Acs:SmsFrom", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EmailFrom", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddAcsChannels(configuration).BuildServiceProvider();
    }
}
