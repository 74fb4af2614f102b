namespace Cobranza.Functions.Messaging;

/// <summary>
/// Which sender each channel uses: <c>Cobranza:Email:Sender</c> = acs | smtp | outbox and <c>Cobranza:Sms:Sender</c> =
/// acs | outbox. The default is the Blob outbox, so a local run sends nothing to anybody.
/// </summary>
public static class SenderOptions
{
    public const string EmailKey = "Cobranza:Email:Sender";
    public const string SmsKey = "Cobranza:Sms:Sender";

    public const string Acs = "acs";
    public const string Smtp = "smtp";
    public const string Outbox = "outbox";

    public static (string Email, string Sms) Read(IConfiguration configuration)
    {
        var email = (configuration[EmailKey] ?? Outbox).Trim().ToLowerInvariant();
        var sms = (configuration[SmsKey] ?? Outbox).Trim().ToLowerInvariant();
        if (email is not (Acs or Smtp or Outbox))
        {
            throw new InvalidOperationException($"{EmailKey} must be acs, smtp or outbox; it is '{configuration[EmailKey]}'.");
        }

        if (sms is not (Acs or Outbox))
        {
            throw new InvalidOperationException($"{SmsKey} must be acs or outbox; it is '{configuration[SmsKey]}'.");
        }

        return (email, sms);
    }
}
