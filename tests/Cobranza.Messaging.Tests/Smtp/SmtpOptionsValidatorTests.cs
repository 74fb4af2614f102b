using Cobranza.Messaging.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Tests.Smtp;

public sealed class SmtpOptionsValidatorTests
{
    [Fact]
    public void Validate_MissingHostAndFrom_FailsNamingBothKeys()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Cobranza:Smtp:Host", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Cobranza:Smtp:From", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UserWithoutPasswordAndBadFrom_Fails()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "smtp.example", From = "no address", User = "u" });

        Assert.Contains(result.Failures!, f => f.Contains("Cobranza:Smtp:Password", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Cobranza:Smtp:From", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSmtpChannel_Configuration_BindsSectionWithDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cobranza:Smtp:Host"] = "smtp.example",
            ["Cobranza:Smtp:From"] = "Cobranza <cobranza@example.com>",
        }).Build();
        using var provider = new ServiceCollection().AddSmtpChannel(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal("smtp.example", options.Host);
        Assert.Equal(587, options.Port);
        Assert.True(options.UseTls);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.NotNull(provider.GetRequiredService<SmtpEmailChannel>());
    }

    [Fact]
    public void AddSmtpChannel_MissingHost_FailsWhenOptionsAreRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cobranza:Smtp:From"] = "cobranza@example.com",
        }).Build();
        using var provider = new ServiceCollection().AddSmtpChannel(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpOptions>>().Value);

        Assert.Contains("Cobranza:Smtp:Host", error.Message);
    }
}
