using System.Net;
using Cobranza.Messaging.Acs;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsSmsChannelTests
{
    [Fact]
    public async Task Send_SignedWithTheResourceKey_FakeRecordsTheSmsAndReceiptHasItsMessageId()
    {
        await using var acs = await AcsHarness.StartAsync();
        var message = AcsMessages.Sms();

        var receipt = await acs.Sms.SendAsync(message, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var sms = Assert.Single(acs.Server.SmsMessages);
        Assert.Equal(AcsHarness.SmsFrom, sms.From);
        Assert.Equal(message.To, sms.To);
        Assert.Equal(message.Body, sms.Message);
        Assert.True(sms.EnableDeliveryReport);
        Assert.Equal(message.MessageId, sms.Tag);
        Assert.Equal(AcsIds.FromIdempotencyKey(message.IdempotencyKey).ToString("D"), sms.RepeatabilityRequestId);
        Assert.Equal("Mon, 23 Nov 2026 08:30:00 GMT", sms.RepeatabilityFirstSent);
        Assert.Equal(sms.MessageId, receipt.ProviderMessageId);
        Assert.Equal(acs.Time.GetUtcNow(), receipt.SentAt);
        var request = Assert.Single(acs.Server.Requests);
        Assert.Equal(("/sms?api-version=2021-03-07", 202, "HMAC-SHA256"), (request.Target, request.Status, request.AuthScheme));
    }

    [Fact]
    public async Task Send_SameMessageTwiceMinutesApart_SendsStableRepeatabilityValuesAndFakeKeepsOneSms()
    {
        await using var acs = await AcsHarness.StartAsync();

        var first = await acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        acs.Time.Advance(TimeSpan.FromMinutes(7));
        var second = await acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var attempts = acs.Server.SmsAttempts;
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].RepeatabilityRequestId, attempts[1].RepeatabilityRequestId);
        Assert.Equal(attempts[0].RepeatabilityFirstSent, attempts[1].RepeatabilityFirstSent);
        Assert.Single(acs.Server.SmsMessages);
        Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
    }

    [Fact]
    public async Task Send_RecipientFailsWith400_FailsPermanentlyWithoutThePhoneNumber()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextSmsRecipient(400);
        var message = AcsMessages.Sms();

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Sms.SendAsync(message, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(error.IsTransient);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(message.To, error.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Server.SmsMessages);
    }

    [Fact]
    public async Task Send_RecipientFailsWith503_FailsTransientlyAndALaterRetrySends()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextSmsRecipient(503);

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var receipt = await acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(error.IsTransient);
        Assert.Equal(Assert.Single(acs.Server.SmsMessages).MessageId, receipt.ProviderMessageId);
    }

    [Fact]
    public async Task Send_InvalidRecipientNumber_FailsPermanently()
    {
        await using var acs = await AcsHarness.StartAsync();

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Sms.SendAsync(AcsMessages.Sms(to: "55-1234"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(error.IsTransient);
        Assert.Empty(acs.Server.SmsMessages);
    }

    [Fact]
    public async Task Send_ThrottledOnceWithRetryAfter_RetriesAfterTheWaitAndSendsOneSms()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2));

        await acs.RunAsync(acs.Sms.SendAsync(AcsMessages.Sms(), CancellationToken.None));

        Assert.Single(acs.Server.SmsMessages);
        var requests = acs.Server.Requests;
        Assert.Equal([429, 202], requests.Select(r => r.Status));
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Send_BodyLongerThanAcsTakes_FailsPermanentlyWithoutCallingAcs()
    {
        await using var acs = await AcsHarness.StartAsync();
        var message = AcsMessages.Sms() with { Body = new string('x', AcsSmsChannel.MaxMessageLength + 1) };

        var error = await Assert.ThrowsAsync<MessageSendException>(() => acs.Sms.SendAsync(message, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Empty(acs.Server.Requests);
    }
}
