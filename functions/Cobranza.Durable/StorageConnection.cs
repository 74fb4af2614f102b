using Microsoft.Extensions.Configuration;

namespace Cobranza.Durable;

/// <summary>
/// Where the storage account is and how to authenticate to it, read the way Azure Functions reads a connection named
/// <c>AzureWebJobsStorage</c>: a connection string in the setting itself (<c>UseDevelopmentStorage=true</c> is the local
/// Azurite), or an identity-based connection given by <c>{name}__accountName</c> or by the three service URIs
/// <c>{name}__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, authenticated with
/// <see cref="AzureCredentialChoice"/> (<c>{name}__credential</c>, <c>{name}__clientId</c>). The runtime needs tables and
/// queues and the app blobs, so an identity-based connection must name all three services.
/// See https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity.
/// </summary>
public sealed record StorageConnection
{
    /// <summary>The local Azurite connection string.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private StorageConnection()
    {
    }

    /// <summary>The connection string, when the connection is one (otherwise null).</summary>
    public string? ConnectionString { get; private init; }

    /// <summary>The Blob service endpoint of an identity-based connection.</summary>
    public Uri? BlobServiceUri { get; private init; }

    /// <summary>The Queue service endpoint of an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; private init; }

    /// <summary>The Table service endpoint of an identity-based connection.</summary>
    public Uri? TableServiceUri { get; private init; }

    /// <summary>The credential of an identity-based connection (null for a connection string).</summary>
    public AzureCredentialChoice? Credential { get; private init; }

    /// <summary>Whether this is the local Azurite (<c>UseDevelopmentStorage=true</c>).</summary>
    public bool IsDevelopmentStorage =>
        ConnectionString is { } text && text.Trim().TrimEnd(';').Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection given by a connection string.</summary>
    public static StorageConnection FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageConnection { ConnectionString = connectionString };
    }

    /// <summary>An identity-based connection to the three service endpoints.</summary>
    public static StorageConnection FromServiceUris(Uri blob, Uri queue, Uri table, AzureCredentialChoice credential) =>
        new() { BlobServiceUri = blob, QueueServiceUri = queue, TableServiceUri = table, Credential = credential };

    /// <summary>
    /// Reads the connection named <paramref name="name"/>; null when none of its settings is present (the caller then
    /// falls back to the local Azurite). Throws <see cref="InvalidOperationException"/> naming the setting that is
    /// missing or wrong when the settings are incomplete.
    /// </summary>
    public static StorageConnection? Read(IConfiguration configuration, string name = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        var accountName = section["accountName"];
        var blob = ReadUri(section, name, "blobServiceUri");
        var queue = ReadUri(section, name, "queueServiceUri");
        var table = ReadUri(section, name, "tableServiceUri");
        var hasAnyUri = blob is not null || queue is not null || table is not null;
        if (string.IsNullOrWhiteSpace(accountName) && !hasAnyUri)
        {
            if (!string.IsNullOrWhiteSpace(section["credential"]) || !string.IsNullOrWhiteSpace(section["clientId"]))
            {
                throw new InvalidOperationException(
                    $"{Setting(name, "credential")} / {Setting(name, "clientId")} are set but there is no storage account: set {Setting(name, "accountName")} or the three {Setting(name, "*ServiceUri")} settings.");
            }

            return null;
        }

        var credential = AzureCredentialChoice.Read(section, name);
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            if (hasAnyUri)
            {
                throw new InvalidOperationException($"Set either {Setting(name, "accountName")} or the service URIs, not both.");
            }

            if (!IsAccountName(accountName))
            {
                throw new InvalidOperationException($"{Setting(name, "accountName")} must be a storage account name (3-24 lower-case letters and digits); it is '{accountName}'.");
            }

            // The public cloud's endpoints, as the Functions host builds them from accountName.
            return FromServiceUris(
                new Uri($"https://{accountName}.blob.core.windows.net/"),
                new Uri($"https://{accountName}.queue.core.windows.net/"),
                new Uri($"https://{accountName}.table.core.windows.net/"),
                credential);
        }

        var missing = new[] { ("blobServiceUri", blob), ("queueServiceUri", queue), ("tableServiceUri", table) }
            .Where(s => s.Item2 is null).Select(s => Setting(name, s.Item1)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} required: Cobranza uses blobs, queues and tables, so an identity-based storage connection names all three service URIs (or {Setting(name, "accountName")}).");
        }

        return FromServiceUris(blob!, queue!, table!, credential);
    }

    /// <summary>How a setting is written in app settings and environment variables (<c>AzureWebJobsStorage__clientId</c>).</summary>
    internal static string Setting(string name, string property) => $"{name}__{property}";

    private static Uri? ReadUri(IConfigurationSection section, string name, string property)
    {
        var text = section[property];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{Setting(name, property)} must be an absolute https URI; it is '{text}'.");
    }

    private static bool IsAccountName(string value) =>
        value.Length is >= 3 and <= 24 && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}
