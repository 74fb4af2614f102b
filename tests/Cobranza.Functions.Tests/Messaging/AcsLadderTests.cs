using System.Globalization;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// The ladder through ACS: the fixture's three debtors (es-MX, en-US, pt-BR) on a two-step PT1S policy, both steps on
/// e-mail and SMS. What the fake ACS received is checked against texts written here, not against the app's templates.
/// </summary>
[Collection(AcsMessagingCollection.Name)]
public sealed class AcsLadderTests(AcsAppFixture fixture)
{
    // What each language's messages must say: the amount is 1,234.50 in the debtor's own currency, the due date in the
    // culture's short date pattern.

    [Theory]
    [InlineData("es-MX", "Recordatorio: factura {0} vencida", "Segundo recordatorio: factura {0} pendiente de pago", "Hola, Ana López:", "$1,234.50 MXN", "dd/MM/yyyy")]
    [InlineData("en-US", "Friendly reminder: invoice {0} is past due", "Second reminder: invoice {0} is overdue", "Hello Dana Smith,", "$1,234.50 USD", "M/d/yyyy")]
    [InlineData("pt-BR", "Lembrete: fatura {0} vencida", "Segundo lembrete: fatura {0} em aberto", "Olá, João Silva,", "R$ 1.234,50 BRL", "dd/MM/yyyy")]
    public async Task AcsLadder_EachStep_FakeAcsReceivesOneEmailRenderedInTheDebtorsLanguage(
        string language, string subject1, string subject2, string greeting, string amount, string datePattern)
    {
        var (debtor, invoiceId, due) = fixture.Ladder[language];
        var c = await fixture.WaitForStepSettledAsync(invoiceId, 2);
        var number = c.InvoiceNumber!;
        var dueOn = due.ToString(datePattern, CultureInfo.InvariantCulture);

        var emails = fixture.EmailsTo(debtor.Email);
        Assert.Equal([string.Format(CultureInfo.InvariantCulture, subject1, number), string.Format(CultureInfo.InvariantCulture, subject2, number)],
            emails.Select(e => e.Subject));
        // The friendly reminder greets the debtor by name; both steps state the amount and due date in the debtor's
        // culture, the payment link and an unsubscribe link under the configured public base URL.
        Assert.StartsWith(greeting, emails[0].PlainText);
        foreach (var email in emails)
        {
            Assert.Equal(MessagingSettings.EmailFrom, email.SenderAddress);
            Assert.Equal([debtor.Email], email.To);
            Assert.NotNull(email.PlainText);
            Assert.Contains(debtor.Name, email.PlainText);
            Assert.Contains(amount, email.PlainText);
            Assert.Contains(dueOn, email.PlainText);
            Assert.Contains($"https://pay.example.com/{invoiceId}", email.PlainText);

            var link = UnsubscribeLinks.In(email.PlainText, MessagingSettings.PublicBaseUrl);
            Assert.NotNull(email.Html);
            Assert.Contains($"href=\"{link}\"", email.Html);
        }
    }

    [Theory]
    [InlineData("es-MX", "$1,234.50 MXN", "dd/MM/yyyy", "Responda STOP para no recibir SMS.")]
    [InlineData("en-US", "$1,234.50 USD", "M/d/yyyy", "Reply STOP to opt out.")]
    [InlineData("pt-BR", "R$ 1.234,50 BRL", "dd/MM/yyyy", "Responda STOP para cancelar os SMS.")]
    public async Task AcsLadder_EachStep_FakeAcsReceivesOneSmsRenderedInTheDebtorsLanguage(string language, string amount, string datePattern, string stopLine)
    {
        var (debtor, invoiceId, due) = fixture.Ladder[language];
        var c = await fixture.WaitForStepSettledAsync(invoiceId, 2);

        var sms = fixture.SmsTo(debtor.Phone);
        Assert.Equal(2, sms.Count);
        // The friendly reminder names the due date; every SMS the sender, the debtor, the invoice, the balance and how to opt out.
        Assert.Contains(due.ToString(datePattern, CultureInfo.InvariantCulture), sms[0].Message);
        foreach (var text in sms)
        {
            Assert.Equal(MessagingSettings.SmsFrom, text.From);
            Assert.StartsWith("Cobranza: ", text.Message);
            Assert.Contains(debtor.Name, text.Message);
            Assert.Contains(c.InvoiceNumber!, text.Message);
            Assert.Contains(amount, text.Message);
            Assert.EndsWith(stopLine, text.Message);
        }
    }

    [Theory]
    [InlineData("es-MX")]
    [InlineData("en-US")]
    [InlineData("pt-BR")]
    public async Task AcsLadder_EachStep_CaseRecordsEveryMessageSentWithTheTextAcsReceived(string language)
    {
        var (debtor, invoiceId, _) = fixture.Ladder[language];
        var c = await fixture.WaitForStepSettledAsync(invoiceId, 2);

        Assert.Equal(["1-email", "1-sms", "2-email", "2-sms"], c.Messages!.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(c.Messages!, m => Assert.Equal(("sent", language), (m.Status, m.Language)));
        var emails = fixture.EmailsTo(debtor.Email);
        var sms = fixture.SmsTo(debtor.Phone);
        for (var step = 1; step <= 2; step++)
        {
            var email = c.Message($"{step}-email");
            Assert.Equal((debtor.Email, emails[step - 1].Subject, emails[step - 1].PlainText), (email.To, email.Subject, email.Body));
            var text = c.Message($"{step}-sms");
            Assert.Equal((debtor.Phone, sms[step - 1].Message), (text.To, text.Body));
        }

        // The configured senders carried everything: nothing went to the local outbox.
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(invoiceId));
    }
}
