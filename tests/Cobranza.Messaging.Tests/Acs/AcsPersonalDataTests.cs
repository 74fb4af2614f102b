using System.Net;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsPersonalDataTests
{
    [Fact]
    public async Task Send_SuccessesRetriesAndFailures_LogNoAddressPhoneNumberSubjectOrBody()
    {
        await using var acs = await AcsHarness.StartAsync();
        var email = AcsMessages.Email();
        var sms = AcsMessages.Sms();

        acs.Server.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1));
        await acs.RunAsync(acs.Email.SendAsync(email, CancellationToken.None));
        acs.Server.FailNextEmailOperation("EmailDroppedAllRecipientsSuppressed");
        await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(email with { IdempotencyKey = "other", MessageId = "msg-email-2" }, CancellationToken.None)));
        await acs.RunAsync(acs.Sms.SendAsync(sms, CancellationToken.None));
        acs.Server.FailNextSmsRecipient(400);
        await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Sms.SendAsync(sms with { IdempotencyKey = "other-sms", MessageId = "msg-sms-2" }, CancellationToken.None)));

        var logs = acs.Logs.Lines;
        Assert.Contains(logs, l => l.Contains("msg-email-1", StringComparison.Ordinal)); // the channels do log, by id
        Assert.Contains(logs, l => l.Contains("msg-sms-2", StringComparison.Ordinal));
        foreach (var secret in new[] { email.To, email.Subject, email.Body, email.HtmlBody!, sms.To, sms.Body, AcsHarness.EmailFrom, AcsHarness.SmsFrom })
        {
            Assert.DoesNotContain(logs, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
