namespace Cobranza.Functions.Security;

/// <summary>
/// The secrets the app checks callers against: staff API keys with their roles, and the HMAC secrets of each webhook
/// source (lists, so that a secret can be rotated with the old and the new one valid at once).
/// </summary>
public sealed record SecurityCredentials(
    IReadOnlyList<StaffKey> StaffKeys,
    IReadOnlyList<string> ErpSecrets,
    IReadOnlyList<string> PaymentsSecrets)
{
    public IReadOnlyList<string> SecretsOf(WebhookSource source) => source switch
    {
        WebhookSource.Erp => ErpSecrets,
        WebhookSource.Payments => PaymentsSecrets,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>The configuration keys of what is missing (none configured), for a startup refusal.</summary>
    public IEnumerable<string> Missing()
    {
        if (StaffKeys.Count == 0)
        {
            yield return $"{SecuritySettings.KeysSection}:{{keyId}}:Key and :Role";
        }

        if (ErpSecrets.Count == 0)
        {
            yield return SecuritySettings.SecretsKey(WebhookSource.Erp);
        }

        if (PaymentsSecrets.Count == 0)
        {
            yield return SecuritySettings.SecretsKey(WebhookSource.Payments);
        }
    }
}
