using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.EndToEnd;

/// <summary>
/// The app on real HTTP, with the agency's webhook listening on loopback. Three cases, one per supported language, are
/// opened once on a three-step PT1S policy (step 2 on e-mail only) and run to their handoff while the tests wait.
/// </summary>
public sealed class LadderFixture : AppFixture
{
    public const string Policy = "ladder";
    public static readonly string[] ExpectedMessages = ["1-email", "1-sms", "2-email", "3-email", "3-sms"];

    public string AgencySecret { get; } = "agency-secret-" + Guid.NewGuid().ToString("N");

    public WebhookReceiver Agency { get; } = WebhookReceiver.Start();

    /// <summary>Invoice id by debtor language.</summary>
    public Dictionary<string, string> Cases { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.PutPolicyAsync(Policy, PolicyBody.WithWaits("PT1S", "PT1S", "PT1S").OnChannels(2, "email").HandedOffTo("agency", "PT1S"));
        var debtors = new (string Language, string TimeZone, string Name, string Phone, string Currency)[]
        {
            ("es-MX", "America/Mexico_City", "Ana López", "+5215512345678", "MXN"),
            ("en-US", "America/New_York", "Dana Smith", "+12125550123", "USD"),
            ("pt-BR", "America/Sao_Paulo", "João Silva", "+5511912345678", "BRL"),
        };
        foreach (var d in debtors)
        {
            var body = CaseBody.Valid(Ids.New("LAD")).OnPolicy(Policy).OfAmount(1234.50m, d.Currency).InLanguage(d.Language, d.TimeZone, d.Name, d.Phone);
            await Api.OpenCaseAsync(body);
            Cases[d.Language] = body.InvoiceId;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Agency.DisposeAsync();
    }

    /// <summary>Waits until the case was handed off and the handoff's file and notice are done.</summary>
    public Task<CaseDto> HandedOffAsync(string language) =>
        Api.WaitForCaseAsync(Cases[language], c => c.Has("handoffDelivered"), "handed off and delivered");

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Cobranza:Handoff:Agency:WebhookUrl"] = new Uri(Agency.Url, "agency").ToString();
        settings["Cobranza:Handoff:Agency:Secret"] = AgencySecret;
    }
}

public sealed class LadderTests(LadderFixture fixture) : IClassFixture<LadderFixture>
{
    [Theory]
    [InlineData("es-MX", "Recordatorio: factura", "Segundo recordatorio: factura", "Aviso formal de deuda: factura", "factura", "1,234.50 MXN")]
    [InlineData("en-US", "Friendly reminder: invoice", "Second reminder: invoice", "Formal notice of overdue payment: invoice", "invoice", "1,234.50 USD")]
    [InlineData("pt-BR", "Lembrete: fatura", "Segundo lembrete: fatura", "Notificação formal de débito: fatura", "fatura", "1.234,50 BRL")]
    public async Task Ladder_EveryStep_SendsOneMessagePerChannelInTheDebtorsLanguage(
        string language, string subject1, string subject2, string subject3, string word, string amount)
    {
        var c = await fixture.HandedOffAsync(language);
        string[] subjects = [subject1, subject2, subject3];

        Assert.Equal(LadderFixture.ExpectedMessages, c.Messages!.Select(m => m.Id).Order(StringComparer.Ordinal));
        foreach (var message in c.Messages!)
        {
            Assert.Equal("sent", message.Status);
            Assert.NotNull(message.SentAt);
            Assert.Equal(language, message.Language);
            Assert.Equal(message.Channel == "email" ? c.Debtor.Email : c.Debtor.Phone, message.To);
            if (message.Channel == "email")
            {
                // An SMS has no subject line; the email's subject says which rung of the ladder it is.
                Assert.StartsWith(subjects[message.Step - 1], message.Subject);
            }

            Assert.Contains(word, message.Body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(amount, message.Body);
        }

        var outbox = await fixture.Storage.OutboxAsync(c.InvoiceId);
        Assert.Equal(LadderFixture.ExpectedMessages.Select(id => id + ".json"), outbox.Keys.Order(StringComparer.Ordinal));
        foreach (var message in c.Messages!)
        {
            var sent = outbox[message.Id + ".json"].Message;
            Assert.Equal((message.Id, message.Channel, message.To, message.Language, message.Subject, message.Body),
                (sent.MessageId, sent.Channel, sent.To, sent.Language, sent.Subject, sent.Body));
        }

        var ladder = c.History!.Where(h => h.Type is "stepFired" or "handedOff").Select(h => h.Type == "handedOff" ? "handedOff" : $"step {h.Details.GetProperty("step").GetInt32()}");
        Assert.Equal(["step 1", "step 2", "step 3", "handedOff"], ladder);
    }

    [Fact]
    public async Task Ladder_AfterLastStep_HandsOffToAgencyWithTheFourFilesAndFullHistory()
    {
        foreach (var language in fixture.Cases.Keys)
        {
            var c = await fixture.HandedOffAsync(language);
            Assert.Equal(("handedOff", "agency", (DateTimeOffset?)null), (c.State, c.HandedOffTo, c.NextActionAt));

            Assert.Equal(["case.json", "history.csv", "messages.csv", "payments.csv"], await fixture.Storage.HandoffNamesAsync(c.InvoiceId));

            // The file is written right after the handoff was committed: it holds the history up to and including it.
            var file = JsonSerializer.Deserialize<CaseDto>(await fixture.Storage.HandoffFileAsync(c.InvoiceId, "case.json"), CobranzaApi.Json)!;
            var handedOff = c.History!.Single(h => h.Type == "handedOff");
            var expectedHistory = c.History!.Where(h => h.Seq <= handedOff.Seq).Select(h => (h.Seq, h.Type, h.Actor));
            Assert.Equal(expectedHistory, file.History!.Select(h => (h.Seq, h.Type, h.Actor)));
            Assert.Equal((c.InvoiceId, "handedOff", "agency", c.Balance), (file.InvoiceId, file.State, file.HandedOffTo, file.Balance));
            Assert.Equal(LadderFixture.ExpectedMessages, file.Messages!.Where(m => m.Status == "sent").Select(m => m.Id).Order(StringComparer.Ordinal));

            var historyCsv = (await fixture.Storage.HandoffFileAsync(c.InvoiceId, "history.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("seq,at,type,actor,details", historyCsv[0]);
            Assert.Equal(file.History!.Count, historyCsv.Length - 1);
            var messagesCsv = await fixture.Storage.HandoffFileAsync(c.InvoiceId, "messages.csv");
            Assert.StartsWith("id,step,channel,language,to,status,subject,body,sentAt\r\n", messagesCsv);
            Assert.All(LadderFixture.ExpectedMessages, id => Assert.Contains("\r\n" + id + ",", messagesCsv));
            Assert.Equal("paymentId,amount,currency,paidAt,applied,receivedAt\r\n", await fixture.Storage.HandoffFileAsync(c.InvoiceId, "payments.csv"));

            var delivered = c.History!.Single(h => h.Type == "handoffDelivered").Details;
            Assert.True(delivered.GetProperty("notified").GetBoolean());
            Assert.EndsWith($"/handoffs/{c.InvoiceId}/", delivered.GetProperty("location").GetString());
        }
    }

    [Fact]
    public async Task Ladder_Handoff_PostsExactlyOneSignedNoticeToTheAgencyWebhook()
    {
        foreach (var language in fixture.Cases.Keys)
        {
            var c = await fixture.HandedOffAsync(language);
            var notices = fixture.Agency.Received.Where(r => InvoiceOf(r) == c.InvoiceId).ToList();

            var notice = Assert.Single(notices);
            Assert.Equal(("POST", "/hooks/agency"), (notice.Method, notice.Path));
            Assert.False(string.IsNullOrWhiteSpace(notice.Header("Idempotency-Key")), "the notice carries an Idempotency-Key");
            Assert.Contains(c.InvoiceId, notice.Header("Idempotency-Key"));

            var (timestamp, signature) = ParseSignature(notice.Header("X-Cobranza-Signature"));
            Assert.Equal(Hmac(fixture.AgencySecret, timestamp, notice.Body), signature);
            var signedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture));
            Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));

            using var body = JsonDocument.Parse(notice.Body);
            Assert.Equal("agency", body.RootElement.GetProperty("to").GetString());
            Assert.Equal(
                ["case.json", "history.csv", "messages.csv", "payments.csv"],
                body.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!.Split('/')[^1]));
        }
    }

    private static string? InvoiceOf(ReceivedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.TryGetProperty("invoiceId", out var id) ? id.GetString() : null;
    }

    private static (string Timestamp, string Signature) ParseSignature(string? header)
    {
        Assert.NotNull(header);
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        Assert.True(parts.ContainsKey("t") && parts.ContainsKey("v1"), $"signature header '{header}' has t and v1");
        return (parts["t"], parts["v1"]);
    }

    /// <summary>Hex HMAC-SHA256 of "{t}.{raw body}", computed here independently of the app's code.</summary>
    private static string Hmac(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
