using System.Security.Cryptography;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing.Acs;
using Cobranza.Testing.Smtp;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>Settings every messaging app shares: where unsubscribe links point, and the ACS events webhook key.</summary>
public static class MessagingSettings
{
    public const string PublicBaseUrl = "https://pagos.example.com";
    public const string EventsKey = "clave-eventos-de-prueba";
    public const string EmailFrom = "DoNotReply@cobranza.example.com";
    public const string SmsFrom = "+18005550100";

    public static void Apply(IDictionary<string, string?> settings)
    {
        settings["Cobranza:PublicBaseUrl"] = PublicBaseUrl;
        settings["Cobranza:Acs:EventsKey"] = EventsKey;
    }

    /// <summary>Email and SMS through ACS at <paramref name="connectionString"/>.</summary>
    public static void UseAcs(IDictionary<string, string?> settings, string connectionString)
    {
        settings["Cobranza:Email:Sender"] = "acs";
        settings["Cobranza:Sms:Sender"] = "acs";
        settings["Cobranza:Acs:ConnectionString"] = connectionString;
        settings["Cobranza:Acs:EmailFrom"] = EmailFrom;
        settings["Cobranza:Acs:SmsFrom"] = SmsFrom;
        // The default quota (30 a minute) is not what these tests are about.
        settings["Cobranza:Acs:EmailsPerMinute"] = "600";
    }
}

/// <summary>
/// The app with email and SMS through the fake ACS (a real HTTP server on loopback checking HMAC signatures). Opens,
/// once, one case per supported language on a two-step PT1S ladder, which runs while the tests of the collection do.
/// </summary>
public sealed class AcsAppFixture : AppFixture
{
    public const string LadderPolicy = "acs-ladder";

    private FakeAcsServer? _acs;

    public FakeAcsServer Acs => _acs ?? throw new InvalidOperationException("The fake ACS is not started.");

    /// <summary>The ladder cases: debtor and invoice id, by language.</summary>
    public Dictionary<string, (TestDebtor Debtor, string InvoiceId, DateOnly DueOn)> Ladder { get; } = [];

    public override async Task InitializeAsync()
    {
        _acs = await FakeAcsServer.StartAsync();
        await base.InitializeAsync();
        await Api.PutPolicyAsync(LadderPolicy, MessagingPolicies.Ladder("PT1S", "PT1S"));
        foreach (var debtor in new[] { TestDebtor.Mexican(), TestDebtor.American(), TestDebtor.Brazilian() })
        {
            var body = debtor.Invoice(LadderPolicy, "ACS");
            await Api.OpenCaseAsync(body);
            Ladder[debtor.Language] = (debtor, body.InvoiceId, body.DueOn());
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_acs is not null)
        {
            await _acs.DisposeAsync();
        }
    }

    /// <summary>The emails the fake accepted for an address, in arrival order.</summary>
    public List<FakeAcsEmail> EmailsTo(string address) => [.. Acs.Emails.Where(e => e.To.Contains(address)).OrderBy(e => e.ReceivedAt)];

    public List<FakeAcsSms> SmsTo(string phone) => [.. Acs.SmsMessages.Where(s => s.To == phone).OrderBy(s => s.ReceivedAt)];

    public Task<List<FakeAcsEmail>> WaitForEmailsAsync(string address, int count) =>
        Eventually.WaitAsync(() => Task.FromResult(EmailsTo(address)), e => e.Count >= count, Eventually.Ladder, $"{count} emails to {address} at the fake ACS");

    protected override void Configure(IDictionary<string, string?> settings)
    {
        MessagingSettings.Apply(settings);
        MessagingSettings.UseAcs(settings, Acs.ConnectionString);
    }
}

/// <summary>The ACS app's tests share one app process and fake ACS; each test uses debtors of its own.</summary>
[CollectionDefinition(Name)]
public sealed class AcsMessagingCollection : ICollectionFixture<AcsAppFixture>
{
    public const string Name = "messaging through acs";
}

/// <summary>The app with ACS configured with an access key the fake does not know: every request is refused.</summary>
public sealed class AcsWrongKeyFixture : AppFixture
{
    private FakeAcsServer? _acs;

    public FakeAcsServer Acs => _acs ?? throw new InvalidOperationException("The fake ACS is not started.");

    public override async Task InitializeAsync()
    {
        _acs = await FakeAcsServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_acs is not null)
        {
            await _acs.DisposeAsync();
        }
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        MessagingSettings.Apply(settings);
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        MessagingSettings.UseAcs(settings, $"endpoint={Acs.Endpoint};accesskey={wrongKey}");
    }
}

/// <summary>The app with email through the real SMTP test server (tests/smtp/server.js) and SMS to the outbox.</summary>
public sealed class SmtpAppFixture : AppFixture
{
    public const string From = "Cobranza <cobros@cobranza.example.com>";

    private readonly SmtpServerFixture _smtp = new();

    public SmtpTestServer Smtp => _smtp.Server;

    public override async Task InitializeAsync()
    {
        await _smtp.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        MessagingSettings.Apply(settings);
        settings["Cobranza:Email:Sender"] = "smtp";
        settings["Cobranza:Sms:Sender"] = "outbox";
        settings["Cobranza:Smtp:Host"] = "127.0.0.1";
        settings["Cobranza:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Cobranza:Smtp:User"] = SmtpServerFixture.User;
        settings["Cobranza:Smtp:Password"] = SmtpServerFixture.Password;
        settings["Cobranza:Smtp:From"] = From;
        settings["Cobranza:Smtp:UseTls"] = "false";
    }
}

/// <summary>The app with both channels to the Blob outbox (the default senders) and the messaging settings.</summary>
public sealed class OutboxAppFixture : AppFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        MessagingSettings.Apply(settings);
        settings["Cobranza:Email:Sender"] = "outbox";
        settings["Cobranza:Sms:Sender"] = "outbox";
    }
}

/// <summary>The last-moment checks (contact hours, weekly cap, combining) share one outbox app; debtors are per test.</summary>
[CollectionDefinition(Name)]
public sealed class OutboxMessagingCollection : ICollectionFixture<OutboxAppFixture>
{
    public const string Name = "messaging to the outbox";
}

/// <summary>
/// An outbox app of its own for template overrides: an override changes every message of its template and language in
/// the process, so no other test may share it. Overrides are read again every second.
/// </summary>
public sealed class TemplatesAppFixture : AppFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        MessagingSettings.Apply(settings);
        settings["Cobranza:Templates:OverrideRefreshInterval"] = "00:00:01";
    }
}
