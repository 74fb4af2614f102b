using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Cobranza.Durable;

/// <summary>
/// Which Entra ID credential an identity-based connection uses, from the Functions settings <c>{name}__credential</c>
/// and <c>{name}__clientId</c>: <c>credential=managedidentity</c> takes the app's managed identity (the user-assigned one
/// named by <c>clientId</c>, else the system-assigned one); without them <see cref="DefaultAzureCredential"/> (a developer's
/// Azure CLI sign-in, environment variables, or a managed identity).
/// </summary>
public sealed record AzureCredentialChoice(bool ManagedIdentity, string? ClientId)
{
    /// <summary>The only value of <c>__credential</c> Azure Functions defines.</summary>
    public const string ManagedIdentityValue = "managedidentity";

    /// <summary>DefaultAzureCredential.</summary>
    public static AzureCredentialChoice Default { get; } = new(false, null);

    /// <summary>
    /// Reads <c>credential</c> and <c>clientId</c> of <paramref name="section"/> (the connection <paramref name="name"/>).
    /// A <c>clientId</c> alone is refused for storage, because the Functions host would ignore it for its own triggers;
    /// <paramref name="clientIdAloneMeansManagedIdentity"/> accepts it (as <c>Cobranza:Acs:ClientId</c>).
    /// </summary>
    public static AzureCredentialChoice Read(IConfigurationSection section, string name, bool clientIdAloneMeansManagedIdentity = false)
    {
        ArgumentNullException.ThrowIfNull(section);
        var credential = section["credential"]?.Trim();
        var clientId = section["clientId"]?.Trim();
        if (!string.IsNullOrEmpty(clientId) && !Guid.TryParse(clientId, out _))
        {
            throw new InvalidOperationException($"{StorageConnection.Setting(name, "clientId")} must be the client id (a GUID) of a managed identity; it is '{clientId}'.");
        }

        if (string.IsNullOrEmpty(credential))
        {
            if (string.IsNullOrEmpty(clientId))
            {
                return Default;
            }

            return clientIdAloneMeansManagedIdentity
                ? new AzureCredentialChoice(true, clientId)
                : throw new InvalidOperationException(
                    $"{StorageConnection.Setting(name, "clientId")} needs {StorageConnection.Setting(name, "credential")}={ManagedIdentityValue} (as Azure Functions requires for a user-assigned identity).");
        }

        return credential.Equals(ManagedIdentityValue, StringComparison.OrdinalIgnoreCase)
            ? new AzureCredentialChoice(true, string.IsNullOrEmpty(clientId) ? null : clientId)
            : throw new InvalidOperationException($"{StorageConnection.Setting(name, "credential")} must be '{ManagedIdentityValue}' or unset; it is '{credential}'.");
    }

    /// <summary>The credential object this choice stands for.</summary>
    public TokenCredential Create() =>
        !ManagedIdentity ? new DefaultAzureCredential()
        : ClientId is null ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ClientId));
}
