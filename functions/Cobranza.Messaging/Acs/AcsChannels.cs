using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Acs;

/// <summary>Registers the ACS senders: <see cref="AcsEmailChannel"/> and <see cref="AcsSmsChannel"/>.</summary>
public static class AcsChannels
{
    /// <summary>
    /// Binds <see cref="AcsOptions"/> from <c>Cobranza:Acs</c> of <paramref name="configuration"/>, validates them when
    /// the host starts (for the channels that go through ACS) and registers both channels as typed HTTP clients.
    /// Requests are signed with the connection string's key when there is one, otherwise they carry an Entra ID token
    /// from the registered <see cref="TokenCredential"/>, or from a <see cref="DefaultAzureCredential"/> when none is.
    /// </summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configuration">The configuration root (the section is looked up by its full path).</param>
    /// <param name="emailNeeded">Email goes through ACS: <see cref="AcsOptions.EmailFrom"/> is required.</param>
    /// <param name="smsNeeded">SMS go through ACS: <see cref="AcsOptions.SmsFrom"/> is required.</param>
    public static IServiceCollection AddAcsChannels(
        this IServiceCollection services, IConfiguration configuration, bool emailNeeded = true, bool smsNeeded = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AcsOptions>()
            .Bind(configuration.GetSection(AcsOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AcsOptions>>(new AcsOptionsValidator(emailNeeded, smsNeeded));

        services.TryAddSingleton(TimeProvider.System);

        // One throttle per process: the quota is the resource's, whichever channel instance sends.
        services.TryAddSingleton(sp => new AcsEmailThrottle(
            sp.GetRequiredService<IOptions<AcsOptions>>().Value.EmailsPerMinute, sp.GetRequiredService<TimeProvider>()));

        // One credential per process, so its token cache outlives the short-lived HTTP handlers.
        services.TryAddSingleton(sp => new AcsCredential(sp.GetService<TokenCredential>() ?? new DefaultAzureCredential()));

        services.AddHttpClient<AcsEmailChannel>().AddHttpMessageHandler(CreateAuthenticationHandler);
        services.AddHttpClient<AcsSmsChannel>().AddHttpMessageHandler(CreateAuthenticationHandler);
        return services;
    }

    private static DelegatingHandler CreateAuthenticationHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AcsOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return options.UsesConnectionString
            ? new AcsHmacAuthenticationHandler(AcsConnectionString.Parse(options.ConnectionString), time)
            : new AcsBearerTokenHandler(services.GetRequiredService<AcsCredential>().Credential, time);
    }

    /// <summary>The credential the ACS senders use in Entra ID mode.</summary>
    private sealed record AcsCredential(TokenCredential Credential);

    /// <summary>Fails start-up with every missing or invalid setting, each naming its key.</summary>
    private sealed class AcsOptionsValidator(bool emailNeeded, bool smsNeeded) : IValidateOptions<AcsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AcsOptions options)
        {
            var errors = options.Validate(emailNeeded, smsNeeded);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
