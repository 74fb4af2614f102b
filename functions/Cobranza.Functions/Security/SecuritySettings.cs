namespace Cobranza.Functions.Security;

/// <summary>
/// Reads <see cref="SecurityCredentials"/> from configuration: <c>Cobranza:Auth:Keys:{keyId}:Key</c> and <c>:Role</c>,
/// <c>Cobranza:Webhooks:Erp:Secrets</c> and <c>Cobranza:Webhooks:Payments:Secrets</c>. A secrets list is either
/// indexed children (<c>Secrets:0</c>, <c>Secrets:1</c>, as JSON arrays and <c>__0</c> environment variables bind) or one
/// comma-separated value (what a single Key Vault reference in an app setting gives).
/// </summary>
public static class SecuritySettings
{
    public const string KeysSection = "Cobranza:Auth:Keys";
    public const string WebhooksSection = "Cobranza:Webhooks";

    public static string SecretsKey(WebhookSource source) => $"{WebhooksSection}:{source}:Secrets";

    /// <summary>The configured credentials, and what is wrong with them (a key without secret, an unknown role).</summary>
    public static (SecurityCredentials Credentials, IReadOnlyList<string> Errors) Read(IConfiguration configuration)
    {
        var errors = new List<string>();
        var keys = new List<StaffKey>();
        foreach (var entry in configuration.GetSection(KeysSection).GetChildren())
        {
            var key = entry["Key"];
            var roleText = entry["Role"];
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add($"{KeysSection}:{entry.Key}:Key is empty.");
                continue;
            }

            if (!StaffRoles.TryParse(roleText, out var role))
            {
                errors.Add($"{KeysSection}:{entry.Key}:Role is '{roleText}'; it must be {StaffRoles.Viewer}, {StaffRoles.Collector} or {StaffRoles.Supervisor}.");
                continue;
            }

            keys.Add(new StaffKey(entry.Key, key.Trim(), role));
        }

        var duplicated = keys.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(k => k.Id)));
        errors.AddRange(duplicated.Select(ids => $"Staff keys {ids} have the same secret; each key id needs its own."));

        var credentials = new SecurityCredentials(keys, ReadList(configuration, SecretsKey(WebhookSource.Erp)), ReadList(configuration, SecretsKey(WebhookSource.Payments)));
        return (credentials, errors);
    }

    /// <summary>A list setting: indexed children, or one comma-separated value; blanks dropped.</summary>
    public static IReadOnlyList<string> ReadList(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Any()
            ? section.GetChildren().Select(c => c.Value)
            : (section.Value ?? "").Split(',');
        return values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }
}
