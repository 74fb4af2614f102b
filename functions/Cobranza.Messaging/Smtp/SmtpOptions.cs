using Microsoft.Extensions.Options;
using MimeKit;

namespace Cobranza.Messaging.Smtp;

/// <summary>The SMTP server email goes through (configuration section <c>Cobranza:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cobranza:Smtp";

    /// <summary>The server's host name. Required.</summary>
    public string Host { get; set; } = "";

    /// <summary>The port. <value>The default value is 587 (submission with STARTTLS); 465 means TLS from the first byte.</value></summary>
    public int Port { get; set; } = 587;

    /// <summary>The user to authenticate as; no authentication when empty.</summary>
    public string? User { get; set; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The sender: an address, or <c>Name &lt;address&gt;</c>. Required.</summary>
    public string From { get; set; } = "";

    /// <summary>
    /// Whether the connection must be encrypted: STARTTLS is required (a server that does not offer it is refused, never
    /// talked to in plain text), or TLS on connect on port 465. False sends in plain text, for local test servers only.
    /// <value>The default value is true.</value>
    /// </summary>
    public bool UseTls { get; set; } = true;

    /// <summary>How long one SMTP operation (connect, a command, the data) may take. <value>The default value is 30 seconds.</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="SmtpOptions"/> at start, naming the key of every problem at once.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.Host)} is required.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.Port)} must be between 1 and 65535 (was {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.From)} is required (an address, or \"Name <address>\").");
        }
        else if (!MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.From)} is not an address or \"Name <address>\".");
        }

        if (!string.IsNullOrEmpty(options.User) && options.Password is null)
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.Password)} is required when {nameof(SmtpOptions.User)} is set.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.Timeout)} must be positive and under 24 days (was {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
