using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>ACS refuses the app's signature (a wrong access key): a permanent failure, never retried, never sent.</summary>
public sealed class AcsRejectionTests(AcsWrongKeyFixture fixture) : IClassFixture<AcsWrongKeyFixture>
{
    [Fact]
    public async Task AcsWithWrongAccessKey_Step_MessagesEndFailedWithMessageFailedAndFakeRecordsNothing()
    {
        var policy = Ids.NewPolicyName("acs-401");
        await fixture.Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S"));
        var debtor = TestDebtor.Mexican();
        var body = debtor.Invoice(policy, "A401");
        await fixture.Api.OpenCaseAsync(body);

        var c = await fixture.WaitForStepSettledAsync(body.InvoiceId, 1);

        Assert.Equal([("1-email", "failed"), ("1-sms", "failed")], c.Messages!.Select(m => (m.Id, m.Status)).Order());
        Assert.All(c.Messages!, m => Assert.Null(m.SentAt));
        var failures = c.Entries("messageFailed").Select(h => (Id: h.Details.Text("messageId"), Reason: h.Details.Text("reason"))).OrderBy(f => f.Id).ToList();
        Assert.Equal(["1-email", "1-sms"], failures.Select(f => f.Id));
        Assert.All(failures, f => Assert.Contains("HTTP 401", f.Reason));
        // Permanent: no reschedule, and one request per message only (a transient failure would have been retried).
        Assert.False(c.Has("messageDeferred"), MessagingApi.Describe(c));

        Assert.Empty(fixture.Acs.Emails);
        Assert.Empty(fixture.Acs.SmsMessages);
        Assert.Equal([("POST", 401), ("POST", 401)], fixture.Acs.Requests.Select(r => (r.Method, r.Status)));
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
    }
}
