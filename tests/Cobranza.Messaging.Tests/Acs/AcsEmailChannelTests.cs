using System.Net;
using Cobranza.Messaging.Acs;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsEmailChannelTests
{
    [Fact]
    public async Task Send_SignedWithTheResourceKey_FakeRecordsTheEmailAndReceiptHasTheOperationId()
    {
        await using var acs = await AcsHarness.StartAsync();
        var message = AcsMessages.Email();

        var receipt = await acs.RunAsync(acs.Email.SendAsync(message, CancellationToken.None));

        var email = Assert.Single(acs.Server.Emails);
        Assert.Equal(AcsHarness.EmailFrom, email.SenderAddress);
        Assert.Equal([message.To], email.To);
        Assert.Equal(message.Subject, email.Subject);
        Assert.Equal(message.Body, email.PlainText);
        Assert.Equal(message.HtmlBody, email.Html);
        Assert.True(email.UserEngagementTrackingDisabled);
        Assert.Equal(AcsIds.FromIdempotencyKey(message.IdempotencyKey).ToString("D"), email.OperationId);
        Assert.Equal(email.OperationId, receipt.ProviderMessageId);
        Assert.Equal(acs.Time.GetUtcNow(), receipt.SentAt);
        Assert.All(acs.Server.Requests, r => Assert.Equal("HMAC-SHA256", r.AuthScheme));
        Assert.Contains(acs.Server.Requests, r => r.Target == "/emails:send?api-version=2023-03-31" && r.Status == 202);
        Assert.Contains(acs.Server.Requests, r => r.Target.StartsWith($"/emails/operations/{email.OperationId}", StringComparison.Ordinal) && r.Status == 200);
    }

    [Fact]
    public async Task Send_OperationRunningThenSucceeded_PollsUntilSucceededHonouringRetryAfter()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.OperationRetryAfter = TimeSpan.FromSeconds(3);

        await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));

        var requests = acs.Server.Requests;
        Assert.Equal(["POST", "GET", "GET"], requests.Select(r => r.Method));
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(3));
        Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt >= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Send_WrongAccessKey_FakeRejectsAndSendFailsPermanently()
    {
        var wrongKey = Convert.ToBase64String(new byte[32]);
        await using var acs = await AcsHarness.StartAsync(settings: s =>
            s["ConnectionString"] = $"{s["ConnectionString"]!.Split(';')[0]};accesskey={wrongKey}");

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None)));

        Assert.False(error.IsTransient);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("Denied", error.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Server.Emails);
        Assert.Equal(401, Assert.Single(acs.Server.Requests).Status);
    }

    [Fact]
    public async Task Send_ClockTwentyMinutesAhead_FakeRejectsTheDateAndSendFailsPermanently()
    {
        var skewed = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 20, 0, TimeSpan.Zero));
        await using var acs = await AcsHarness.StartAsync(clientTime: skewed);

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.False(error.IsTransient);
        Assert.Equal(401, Assert.Single(acs.Server.Requests).Status);
        Assert.Empty(acs.Server.Emails);
    }

    [Fact]
    public async Task Send_SameIdempotencyKeyTwice_FakeHasOneEmailAndBothReceiptsNameTheSameOperation()
    {
        await using var acs = await AcsHarness.StartAsync();

        var first = await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));
        var second = await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));

        Assert.Single(acs.Server.Emails);
        Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
        var posts = acs.Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].OperationId, posts[1].OperationId);
    }

    [Fact]
    public async Task Send_ThrottledOnceWithRetryAfter_RetriesAfterTheWaitAndSendsOneEmail()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5));

        await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));

        Assert.Single(acs.Server.Emails);
        var posts = acs.Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal([429, 202], posts.Select(p => p.Status));
        Assert.True(posts[1].ReceivedAt - posts[0].ReceivedAt >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Send_ServiceUnavailableTwiceWithoutRetryAfter_BacksOffAndSendsOneEmail()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextRequests(2, HttpStatusCode.ServiceUnavailable);

        await acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None));

        Assert.Single(acs.Server.Emails);
        var posts = acs.Server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal([503, 503, 202], posts.Select(p => p.Status));
        Assert.True(posts[1].ReceivedAt - posts[0].ReceivedAt >= TimeSpan.FromSeconds(1));
        Assert.True(posts[2].ReceivedAt - posts[1].ReceivedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Send_ThrottledBeyondMaxAttempts_FailsTransientlyCarryingRetryAfter()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextRequests(10, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7));

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None)));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(4, acs.Server.Requests.Count(r => r.Method == "POST"));
        Assert.Empty(acs.Server.Emails);
    }

    [Fact]
    public async Task Send_RetryAfterLongerThanMaxRetryDelay_FailsTransientlyAtOnceCarryingIt()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromMinutes(2), error.RetryAfter);
        Assert.Single(acs.Server.Requests);
    }

    [Fact]
    public async Task Send_OperationFailed_FailsPermanentlyWithTheErrorCode()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextEmailOperation("EmailDroppedAllRecipientsSuppressed");

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None)));

        Assert.False(error.IsTransient);
        Assert.Contains("Failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_OperationNeverFinishes_FailsTransientlyAfterOperationTimeout()
    {
        await using var acs = await AcsHarness.StartAsync(settings: s => s["OperationTimeout"] = "00:00:30");
        acs.Server.KeepOperationsRunning = true;
        var started = acs.Time.GetUtcNow();

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None)));

        Assert.True(error.IsTransient);
        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
        Assert.True(acs.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Send_RejectedOrFailed_ErrorMessageHasNoAddressSubjectOrBody()
    {
        await using var acs = await AcsHarness.StartAsync();
        acs.Server.FailNextEmailOperation("EmailDroppedAllRecipientsSuppressed");
        var message = AcsMessages.Email();

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.RunAsync(acs.Email.SendAsync(message, CancellationToken.None)));

        Assert.DoesNotContain(message.To, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(message.Subject, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(message.Body, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerUnreachable_FailsTransiently()
    {
        await using var acs = await AcsHarness.StartAsync();
        await acs.Server.DisposeAsync();

        var error = await Assert.ThrowsAsync<MessageSendException>(
            () => acs.Email.SendAsync(AcsMessages.Email(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(error.IsTransient);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
