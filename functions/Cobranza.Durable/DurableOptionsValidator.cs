using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>Validates <see cref="DurableOptions"/>; every failure names the configuration key so a bad setting is found at once.</summary>
public sealed class DurableOptionsValidator : IValidateOptions<DurableOptions>
{
    // Azure queues refuse a visibility delay beyond 7 days, and every delay we use ends up as one.
    private static readonly TimeSpan _maxQueueDelay = TimeSpan.FromDays(7);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DurableOptions options)
    {
        var errors = new List<string>();
        var prefix = DurableOptions.SectionName + ":";

        if (!IsValidHubName(options.HubName))
        {
            errors.Add($"{prefix}{nameof(DurableOptions.HubName)} must be 3–45 letters or digits starting with a letter (it prefixes table and queue names).");
        }

        Range(errors, prefix + nameof(DurableOptions.Partitions), options.Partitions, 1, 16);
        Range(errors, prefix + nameof(DurableOptions.MaxDequeueCount), options.MaxDequeueCount, 1, 100);
        Range(errors, prefix + nameof(DurableOptions.EffectMaxAttemptsInProcess), options.EffectMaxAttemptsInProcess, 1, 20);
        Range(errors, prefix + nameof(DurableOptions.MaxConcurrentEffects), options.MaxConcurrentEffects, 1, 256);
        Range(errors, prefix + nameof(DurableOptions.MaxConcurrentMessages), options.MaxConcurrentMessages, 1, 32);

        Range(errors, prefix + nameof(DurableOptions.TimerHorizon), options.TimerHorizon, TimeSpan.FromSeconds(1), _maxQueueDelay);
        Range(errors, prefix + nameof(DurableOptions.EffectRecoveryDelay), options.EffectRecoveryDelay, TimeSpan.FromSeconds(1), _maxQueueDelay);
        Range(errors, prefix + nameof(DurableOptions.MessageVisibilityTimeout), options.MessageVisibilityTimeout, TimeSpan.FromSeconds(1), _maxQueueDelay);
        Range(errors, prefix + nameof(DurableOptions.MaxPollingInterval), options.MaxPollingInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5));

        if (options.TimerSweepInterval <= TimeSpan.Zero || options.TimerSweepInterval >= options.TimerHorizon)
        {
            // A sweep must come round before a timer that entered the horizon is due, or it would fire late.
            errors.Add($"{prefix}{nameof(DurableOptions.TimerSweepInterval)} must be positive and shorter than {prefix}{nameof(DurableOptions.TimerHorizon)} (got {options.TimerSweepInterval} and {options.TimerHorizon}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>True when <paramref name="hubName"/> can prefix table and queue names (see <see cref="DurableOptions.HubName"/>).</summary>
    public static bool IsValidHubName(string? hubName) =>
        hubName is { Length: >= 3 and <= 45 }
        && char.IsAsciiLetter(hubName[0])
        && hubName.All(char.IsAsciiLetterOrDigit);

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min} and {max} (got {value}).");
        }
    }

    private static void Range(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min} and {max} (got {value}).");
        }
    }
}
