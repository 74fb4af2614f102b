using System.Net;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing.Smtp;
using MimeKit;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// Email through SMTP to the real smtp-server test server (SMS still to the outbox): a Spanish two-step ladder arrives
/// as two messages whose accents survive the trip through MIME.
/// </summary>
public sealed class SmtpLadderTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    [Fact]
    public async Task SmtpLadder_EachStep_EmailArrivesWithSpanishTextIntact()
    {
        var policy = Ids.NewPolicyName("smtp");
        await fixture.Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "PT1S"));
        var debtor = TestDebtor.Mexican();
        var body = debtor.Invoice(policy, "SMTP");
        await fixture.Api.OpenCaseAsync(body);

        var c = await fixture.WaitForStepSettledAsync(body.InvoiceId, 2);
        var mails = await fixture.Smtp.WaitForAsync(m => m.RcptTo.Contains(debtor.Email), 2, Eventually.Ladder);

        Assert.Equal(2, mails.Count);
        var number = c.InvoiceNumber!;
        Assert.Equal([$"Recordatorio: factura {number} vencida", $"Segundo recordatorio: factura {number} pendiente de pago"],
            mails.Select(m => m.Message.Subject));
        for (var step = 1; step <= 2; step++)
        {
            var mail = mails[step - 1];
            var sent = c.Message($"{step}-email");
            Assert.Equal("sent", sent.Status);
            Assert.Equal(sent.Subject, mail.Message.Subject);
            Assert.Equal(Normalize(sent.Body!), Normalize(mail.Message.TextBody));
            Assert.Equal(SmtpServerFixture.User, mail.User);
            Assert.Equal("cobros@cobranza.example.com", mail.MailFrom);
            var from = Assert.IsType<MailboxAddress>(Assert.Single(mail.Message.From));
            Assert.Equal(("Cobranza", "cobros@cobranza.example.com"), (from.Name, from.Address));
            Assert.Equal(debtor.Email, Assert.IsType<MailboxAddress>(Assert.Single(mail.Message.To)).Address);
        }

        // The Spanish letters arrive as written, in the plain text and in the HTML alternative.
        var first = mails[0].Message;
        Assert.StartsWith("Hola, Ana López:", first.TextBody);
        Assert.Contains("venció el", first.TextBody);
        Assert.Contains("Puede pagar en línea de forma segura aquí", first.TextBody);
        Assert.Contains("Si no desea recibir más recordatorios por correo electrónico", first.TextBody);
        Assert.Contains("Ana López", WebUtility.HtmlDecode(first.HtmlBody));
        Assert.Contains("acumula", mails[1].Message.TextBody);

        // Email took the SMTP road; SMS, still on the outbox sender, went to the outbox only.
        Assert.Equal(["1-sms.json", "2-sms.json"], await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
    }

    private static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
