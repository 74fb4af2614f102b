using Azure.Core;
using Cobranza.Durable;

namespace Cobranza.Functions.Telemetry;

/// <summary>
/// Whether and how telemetry goes to Azure Monitor: only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; with
/// Entra ID when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says <c>Authorization=AAD</c> (the resource then
/// refuses the instrumentation key alone), with the managed identity its <c>ClientId=</c> names. Pure parsing.
/// </summary>
public sealed record AzureMonitorConnection(string ConnectionString, AzureCredentialChoice? Credential)
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The connection, or null when telemetry stays in the process (no connection string).</summary>
    public static AzureMonitorConnection? Read(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = (configuration[AuthenticationStringSetting] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization))
        {
            return new AzureMonitorConnection(connectionString, null);
        }

        if (!authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AuthenticationStringSetting} must say Authorization=AAD; it says Authorization={authorization}.");
        }

        var clientId = parts.GetValueOrDefault("ClientId");
        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw new InvalidOperationException($"{AuthenticationStringSetting} has ClientId={clientId}, which is not the client id (a GUID) of a managed identity.");
        }

        return new AzureMonitorConnection(connectionString, clientId is null ? AzureCredentialChoice.Default : new AzureCredentialChoice(true, clientId));
    }

    public TokenCredential? CreateCredential() => Credential?.Create();
}
