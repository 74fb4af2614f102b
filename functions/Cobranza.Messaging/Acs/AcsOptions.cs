using System.Text.RegularExpressions;

namespace Cobranza.Messaging.Acs;

/// <summary>
/// Settings of the Azure Communication Services senders (configuration section <c>Cobranza:Acs</c>). Authenticates with
/// <see cref="ConnectionString"/> (HMAC) when it is set, otherwise with Entra ID against <see cref="Endpoint"/>.
/// </summary>
public sealed partial class AcsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Cobranza:Acs";

    /// <summary>
    /// <c>endpoint=https://…/;accesskey=…</c>: requests are signed with HMAC-SHA256. Takes precedence over
    /// <see cref="Endpoint"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint for Entra ID authentication, used when there is no <see cref="ConnectionString"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The sender address on a verified domain (<c>DoNotReply@…</c>).</summary>
    public string? EmailFrom { get; set; }

    /// <summary>The resource's phone number SMS go out from, in E.164 (<c>+5215512345678</c>).</summary>
    public string? SmsFrom { get; set; }

    /// <summary>Emails sent per minute by this process at most.</summary>
    /// <value>The default value is 30, the default quota of an ACS email resource.</value>
    public int EmailsPerMinute { get; set; } = 30;

    /// <summary>The <c>api-version</c> of the email requests.</summary>
    /// <value>The default value is <c>2023-03-31</c> (GA).</value>
    public string EmailApiVersion { get; set; } = "2023-03-31";

    /// <summary>The <c>api-version</c> of the SMS requests.</summary>
    /// <value>The default value is <c>2021-03-07</c>.</value>
    public string SmsApiVersion { get; set; } = "2021-03-07";

    /// <summary>Attempts of one request within one send when ACS answers 429 or 5xx.</summary>
    /// <value>The default value is 4.</value>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// The longest wait between attempts spent inside a send. A longer <c>Retry-After</c> fails the send as transient,
    /// carrying the wait, so the caller reschedules instead of holding a worker.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an email send operation is polled when ACS does not say (<c>retry-after</c>).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an email send operation may stay unfinished before the send fails as transient.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether requests are signed with the connection string's key (otherwise Entra ID).</summary>
    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The resource endpoint (with a trailing slash), from the connection string or <see cref="Endpoint"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither is set.</exception>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public Uri ResolveEndpoint() =>
        UsesConnectionString
            ? AcsConnectionString.Parse(ConnectionString).Endpoint
            : Endpoint is { IsAbsoluteUri: true } endpoint
                ? AcsConnectionString.WithTrailingSlash(endpoint)
                : throw new InvalidOperationException(
                    $"{Section}:{nameof(ConnectionString)} or {Section}:{nameof(Endpoint)} is required.");

    /// <summary>
    /// Checks the settings that the senders in use need; every error names its configuration key
    /// (<c>Cobranza:Acs:EmailFrom</c>). Empty when the settings are usable.
    /// </summary>
    /// <param name="emailNeeded">Email goes through ACS.</param>
    /// <param name="smsNeeded">SMS go through ACS.</param>
    public IReadOnlyList<string> Validate(bool emailNeeded, bool smsNeeded)
    {
        var errors = new List<string>();
        if (!emailNeeded && !smsNeeded)
        {
            return errors;
        }

        if (UsesConnectionString)
        {
            try
            {
                AcsConnectionString.Parse(ConnectionString);
            }
            catch (FormatException e)
            {
                errors.Add($"{Key(nameof(ConnectionString))} is invalid: {e.Message}");
            }
        }
        else if (Endpoint is null)
        {
            errors.Add($"{Key(nameof(ConnectionString))} or {Key(nameof(Endpoint))} is required.");
        }
        else if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{Key(nameof(Endpoint))} must be an absolute https URI.");
        }

        if (emailNeeded)
        {
            if (string.IsNullOrWhiteSpace(EmailFrom))
            {
                errors.Add($"{Key(nameof(EmailFrom))} is required when email goes through ACS.");
            }
            else if (!EmailFrom.Contains('@', StringComparison.Ordinal))
            {
                errors.Add($"{Key(nameof(EmailFrom))} must be an email address.");
            }

            if (EmailsPerMinute < 1)
            {
                errors.Add($"{Key(nameof(EmailsPerMinute))} must be at least 1.");
            }

            Require(errors, EmailApiVersion, nameof(EmailApiVersion));
            RequirePositive(errors, OperationPollInterval, nameof(OperationPollInterval));
            RequirePositive(errors, OperationTimeout, nameof(OperationTimeout));
        }

        if (smsNeeded)
        {
            if (string.IsNullOrWhiteSpace(SmsFrom))
            {
                errors.Add($"{Key(nameof(SmsFrom))} is required when SMS go through ACS.");
            }
            else if (!E164().IsMatch(SmsFrom))
            {
                errors.Add($"{Key(nameof(SmsFrom))} must be a phone number in E.164 (+ and up to 15 digits).");
            }

            Require(errors, SmsApiVersion, nameof(SmsApiVersion));
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"{Key(nameof(MaxAttempts))} must be at least 1.");
        }

        if (MaxRetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{Key(nameof(MaxRetryDelay))} must not be negative.");
        }

        return errors;
    }

    private static string Key(string property) => $"{Section}:{property}";

    private static void Require(List<string> errors, string? value, string property)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Key(property)} is required.");
        }
    }

    private static void RequirePositive(List<string> errors, TimeSpan value, string property)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Key(property)} must be positive.");
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
