using System.Security.Cryptography;
using System.Text.Json;

namespace Cobranza.Functions.Security;

/// <summary>
/// Credentials for a Development run that configured none: generated on first start into a file in the local data
/// folder (git-ignored), printed once then, and read back on every later start so that the keys a developer copied
/// keep working. Only what configuration leaves empty is taken from the file.
/// </summary>
public static class DevelopmentCredentials
{
    public const string FileName = "credentials.json";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Fills what <paramref name="configured"/> lacks from (or into) the file; logs newly generated values once.</summary>
    public static SecurityCredentials Complete(SecurityCredentials configured, string folder, ILogger logger)
    {
        var path = Path.Combine(folder, FileName);
        var stored = File.Exists(path)
            ? JsonSerializer.Deserialize<StoredCredentials>(File.ReadAllText(path), _json) ?? new StoredCredentials()
            : new StoredCredentials();

        var generated = new List<string>();
        if (configured.StaffKeys.Count == 0 && stored.StaffKeys.Count == 0)
        {
            stored.StaffKeys = Enum.GetValues<StaffRole>()
                .Select(role => new StoredKey(StaffRoles.Name(role), NewSecret(), StaffRoles.Name(role)))
                .ToList();
            generated.AddRange(stored.StaffKeys.Select(k => $"  staff key '{k.Id}' ({k.Role}): {k.Key}"));
        }

        if (configured.ErpSecrets.Count == 0 && stored.ErpSecrets.Count == 0)
        {
            stored.ErpSecrets = [NewSecret()];
            generated.Add($"  ERP webhook secret ({SecuritySettings.SecretsKey(WebhookSource.Erp)}): {stored.ErpSecrets[0]}");
        }

        if (configured.PaymentsSecrets.Count == 0 && stored.PaymentsSecrets.Count == 0)
        {
            stored.PaymentsSecrets = [NewSecret()];
            generated.Add($"  payments webhook secret ({SecuritySettings.SecretsKey(WebhookSource.Payments)}): {stored.PaymentsSecrets[0]}");
        }

        if (generated.Count > 0)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, JsonSerializer.Serialize(stored, _json));
            // Printed this once only: later starts read the file silently. They are development secrets, never used outside this machine.
            logger.LogWarning("Generated development credentials, kept in {Path} (shown only now):\n{Credentials}", path, string.Join('\n', generated));
        }
        else if (configured.Missing().Any())
        {
            logger.LogInformation("Using the development credentials in {Path}", path);
        }

        return new SecurityCredentials(
            configured.StaffKeys.Count > 0 ? configured.StaffKeys : stored.StaffKeys.Select(ToKey).ToList(),
            configured.ErpSecrets.Count > 0 ? configured.ErpSecrets : stored.ErpSecrets,
            configured.PaymentsSecrets.Count > 0 ? configured.PaymentsSecrets : stored.PaymentsSecrets);
    }

    private static StaffKey ToKey(StoredKey key) =>
        StaffRoles.TryParse(key.Role, out var role)
            ? new StaffKey(key.Id, key.Key, role)
            : throw new InvalidOperationException($"The development credentials file has key '{key.Id}' with unknown role '{key.Role}'; fix or delete the file.");

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private sealed class StoredCredentials
    {
        public List<StoredKey> StaffKeys { get; set; } = [];

        public List<string> ErpSecrets { get; set; } = [];

        public List<string> PaymentsSecrets { get; set; } = [];
    }

    private sealed record StoredKey(string Id, string Key, string Role);
}
