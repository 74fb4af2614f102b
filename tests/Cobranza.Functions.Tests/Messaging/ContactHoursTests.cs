using System.Globalization;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>
/// Contact hours: a policy whose only hour of the day starts three hours from now in the debtor's zone (a zone without
/// daylight saving where that hour ends before midnight), every day of the week, on a PT1S ladder.
/// </summary>
[Collection(OutboxMessagingCollection.Name)]
public sealed class ContactHoursTests(OutboxAppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task ContactHours_OutsideTheWindow_FirstStepTimerAimsAtTheWindowStartAndNothingIsSent()
    {
        var (policy, zone, windowStart) = await WindowPolicyAsync();
        var body = TestDebtor.Mexican().InZone(zone).Invoice(policy, "HRS");
        await Api.OpenCaseAsync(body);

        var waiting = await fixture.WaitForCaseAsync(body.InvoiceId, c => c.NextActionAt is not null, "timer set");
        Assert.Equal(windowStart, waiting.NextActionAt);

        // Without contact rules the PT1S step would have gone out by now.
        await Eventually.Until(waiting.OpenedAt + TimeSpan.FromSeconds(4));
        var later = await Api.GetCaseAsync(body.InvoiceId);
        Assert.Equal((0, (DateTimeOffset?)windowStart), (later.CurrentStep, later.NextActionAt));
        Assert.Empty(later.Messages!);
        Assert.False(later.Has("stepFired"), MessagingApi.Describe(later));
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
    }

    [Fact]
    public async Task ContactHours_StepEscalatedOutsideTheWindow_MessagesAreDeferredUntilTheWindowStart()
    {
        var (policy, zone, windowStart) = await WindowPolicyAsync();
        var body = TestDebtor.Mexican().InZone(zone).Invoice(policy, "HRS");
        await Api.OpenCaseAsync(body);

        await Api.EscalateNextAsync(body.InvoiceId);
        var c = await fixture.WaitForCaseAsync(body.InvoiceId,
            x => x.StepMessages(1).Count() == 2 && x.StepMessages(1).All(m => m.Status == "deferred"), "step 1 deferred");

        Assert.Equal(["1-email", "1-sms"], c.Messages!.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(c.Messages!, m => Assert.Null(m.SentAt));
        var deferrals = c.Entries("messageDeferred").ToList();
        Assert.Equal(["1-email", "1-sms"], deferrals.Select(h => h.Details.Text("messageId")).Order(StringComparer.Ordinal));
        Assert.All(deferrals, h =>
        {
            Assert.Equal(windowStart, h.Details.GetProperty("until").GetDateTimeOffset());
            Assert.Contains("contact hours", h.Details.Text("reason"));
        });
        Assert.Equal(windowStart, c.NextActionAt);
        Assert.False(c.Has("messageSent"), MessagingApi.Describe(c));
        Assert.Empty(await fixture.Storage.OutboxNamesAsync(body.InvoiceId));
    }

    /// <summary>
    /// A policy allowing only the hour that starts three whole hours after the current local hour, in a zone where that
    /// hour ends by 23:00; and that hour's start as an instant.
    /// </summary>
    private async Task<(string Policy, string Zone, DateTimeOffset WindowStart)> WindowPolicyAsync()
    {
        var (id, zone, local) = FixedZones.First(l => l.Hour <= 19);
        var startLocal = local.Date.AddHours(local.Hour + 3);
        var windowStart = new DateTimeOffset(startLocal, zone.GetUtcOffset(startLocal));
        var hours = string.Create(CultureInfo.InvariantCulture, $"{local.Hour + 3:00}:00-{local.Hour + 4:00}:00");
        var policy = Ids.NewPolicyName("hours");
        await Api.PutPolicyAsync(policy, MessagingPolicies.Ladder("PT1S", "PT1S").WithContactRules(hours, "Mon-Sun", 3));
        return (policy, id, windowStart);
    }
}
