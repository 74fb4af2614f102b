using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// ACS events posted to <c>/api/events/acs?key=…</c> in the Event Grid schema: the subscription handshake, delivery
/// reports naming the ids the fake ACS gave the app's messages, and an inbound STOP. Cases run a policy whose step 2
/// waits a day, so each test sends step 2 itself (escalate next) once the event is applied.
/// </summary>
[Collection(AcsMessagingCollection.Name)]
public sealed class DeliveryReportTests(AcsAppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task AcsEvents_SubscriptionValidationEvent_AnswersTheValidationCode()
    {
        var code = Guid.NewGuid().ToString("D");

        using var response = await AcsEventGrid.PostAsync(Api, MessagingSettings.EventsKey, AcsEventGrid.SubscriptionValidation(code));

        var answer = await CobranzaApi.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal(code, answer.GetProperty("validationResponse").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("clave-equivocada")]
    [InlineData("")]
    public async Task AcsEvents_WrongOrMissingKey_Returns401Problem(string? key)
    {
        using var response = await AcsEventGrid.PostAsync(Api, key, AcsEventGrid.SubscriptionValidation(Guid.NewGuid().ToString("D")));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeliveryReports_Delivered_MarkTheEmailAndTheSmsDelivered()
    {
        var (debtor, invoiceId) = await StepOneSentAsync("DLV");
        var email = Assert.Single(fixture.EmailsTo(debtor.Email));
        var sms = Assert.Single(fixture.SmsTo(debtor.Phone));

        await PostOkAsync(AcsEventGrid.EmailDeliveryReport(email.OperationId, MessagingSettings.EmailFrom, debtor.Email, "Delivered"));
        await PostOkAsync(AcsEventGrid.SmsDeliveryReport(sms.MessageId, MessagingSettings.SmsFrom, debtor.Phone, "Delivered"));

        var c = await fixture.WaitForCaseAsync(invoiceId, x => x.StepMessages(1).All(m => m.Status == "delivered"), "step 1 delivered");
        Assert.Equal([("1-email", "delivered"), ("1-sms", "delivered")], c.Messages!.Select(m => (m.Id, m.Status)).Order());
        Assert.Equal(["1-email", "1-sms"], c.Entries("messageDelivery").Select(h => h.Details.Text("messageId")).Order(StringComparer.Ordinal));
        Assert.All(c.Entries("messageDelivery"), h => Assert.Equal(("delivered", "acs"), (h.Details.Text("status"), h.Actor)));
        Assert.False(c.Has("emailBounced"), MessagingApi.Describe(c));
    }

    [Fact]
    public async Task EmailDeliveryReport_Bounced_MarksTheEmailBouncedAndTheNextStepGoesBySmsOnly()
    {
        var (debtor, invoiceId) = await StepOneSentAsync("BNC");
        var email = Assert.Single(fixture.EmailsTo(debtor.Email));

        await PostOkAsync(AcsEventGrid.EmailDeliveryReport(email.OperationId, MessagingSettings.EmailFrom, debtor.Email, "Bounced", "Mailbox does not exist"));
        var bounced = await fixture.WaitForCaseAsync(invoiceId, x => x.Has("emailBounced"), "email bounced");
        Assert.Equal("bounced", bounced.Message("1-email").Status);
        Assert.Equal(debtor.Email, Assert.Single(bounced.Entries("emailBounced")).Details.Text("to"));

        await Api.EscalateNextAsync(invoiceId);
        var c = await fixture.WaitForStepSettledAsync(invoiceId, 2);

        Assert.Equal([("2-sms", "sent")], c.StepMessages(2).Select(m => (m.Id, m.Status)));
        Assert.Single(fixture.EmailsTo(debtor.Email));
        Assert.Equal(2, fixture.SmsTo(debtor.Phone).Count);
    }

    [Fact]
    public async Task InboundSms_Stop_OptsTheDebtorOutOfSmsAndTheNextStepGoesByEmailOnly()
    {
        var (debtor, invoiceId) = await StepOneSentAsync("STP");

        await PostOkAsync(AcsEventGrid.SmsReceived(debtor.Phone, MessagingSettings.SmsFrom, "STOP"));
        var optedOut = await fixture.WaitForCaseAsync(invoiceId, x => x.Has("optedOut"), "opted out");
        var entry = Assert.Single(optedOut.Entries("optedOut"));
        Assert.Equal("sms", entry.Details.Text("channel"));

        await Api.EscalateNextAsync(invoiceId);
        var c = await fixture.WaitForStepSettledAsync(invoiceId, 2);

        Assert.Equal([("2-email", "sent")], c.StepMessages(2).Select(m => (m.Id, m.Status)));
        Assert.Single(fixture.SmsTo(debtor.Phone));
        Assert.Equal(2, fixture.EmailsTo(debtor.Email).Count);
    }

    /// <summary>A new debtor's case whose step 1 (email and SMS) ACS has taken; step 2 waits a day.</summary>
    private async Task<(TestDebtor Debtor, string InvoiceId)> StepOneSentAsync(string prefix)
    {
        var policy = Ids.NewPolicyName("reports");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "P1D"));
        var debtor = TestDebtor.American();
        var body = debtor.Invoice(policy, prefix);
        await Api.OpenCaseAsync(body);
        var c = await fixture.WaitForStepSettledAsync(body.InvoiceId, 1);
        Assert.All(c.Messages!, m => Assert.Equal("sent", m.Status));
        return (debtor, body.InvoiceId);
    }

    private async Task PostOkAsync(JsonNode events)
    {
        using var response = await AcsEventGrid.PostAsync(Api, MessagingSettings.EventsKey, events);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST api/events/acs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
