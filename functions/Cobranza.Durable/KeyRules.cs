namespace Cobranza.Durable;

/// <summary>
/// Checks ids that become table keys: Azure Tables refuses '/', '\', '#', '?' and control characters in keys, and the
/// instance id is also part of a timer row key, so it is kept well under the 1 KiB key limit.
/// </summary>
internal static class KeyRules
{
    public const int MaxInstanceIdLength = 400;
    public const int MaxEffectIdLength = 200;

    public static void EnsureValidInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Length > MaxInstanceIdLength || !IsKeySafe(instanceId))
        {
            throw new ArgumentException(
                $"An instance id must be 1–{MaxInstanceIdLength} characters without '/', '\\', '#', '?' or control characters.",
                nameof(instanceId));
        }
    }

    public static void EnsureValidEffectId(string instanceId, string effectId)
    {
        if (string.IsNullOrEmpty(effectId) || effectId.Length > MaxEffectIdLength || !IsKeySafe(effectId))
        {
            throw new InvalidOperationException(
                $"Instance {instanceId}: an effect id must be 1–{MaxEffectIdLength} characters without '/', '\\', '#', '?' or control characters.");
        }
    }

    private static bool IsKeySafe(string value) =>
        !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
