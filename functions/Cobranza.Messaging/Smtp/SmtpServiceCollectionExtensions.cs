using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cobranza.Messaging.Smtp;

/// <summary>Registration of the SMTP email channel.</summary>
public static class SmtpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SmtpEmailChannel"/> (as itself: the app's channel factory decides which channel sends email)
    /// with <see cref="SmtpOptions"/> bound from <c>Cobranza:Smtp</c> and validated at start.
    /// </summary>
    public static IServiceCollection AddSmtpChannel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<SmtpEmailChannel>();
        return services;
    }
}
