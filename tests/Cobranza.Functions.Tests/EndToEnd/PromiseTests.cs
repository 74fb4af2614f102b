using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.EndToEnd;

public sealed class PromiseTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    // Colombia keeps UTC-5 all year. Not Mexico City: the validation tests in this process check that a wrongly cased
    // "america/mexico_city" is refused, and .NET answers such lookups case-insensitively once the zone is cached.
    private const string TimeZone = "America/Bogota";

    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task Promise_ForTomorrowOnAOneSecondLadder_CaseStaysPromisedAndSilentUntilTheDeadline()
    {
        var policy = Ids.NewPolicyName("promise");
        await Api.PutPolicyAsync(policy, PolicyBody.WithWaits("PT1S", "PT1S", "PT1S").WithPromiseGrace("P1D"));
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("PRM")).OnPolicy(policy)
            .InLanguage("es-CO", TimeZone, "Ana López", "+573001234567").OfAmount(500m, "COP"));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).AddDays(1);

        var promised = await Api.ActAsync(opened.InvoiceId, "promises", new System.Text.Json.Nodes.JsonObject
        {
            ["promisedOn"] = tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["note"] = "Pagará mañana",
        });

        // Broken at the end of the promised day (local midnight) plus the policy's one-day grace.
        var deadline = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(tomorrow.AddDays(2).ToDateTime(TimeOnly.MinValue), zone));
        Assert.Equal(("promised", (DateTimeOffset?)deadline), (promised.State, promised.NextActionAt));
        Assert.Equal(("pending", deadline), (promised.Promise!.Status, promised.Promise.DeadlineAt));

        // A step decided just before the promise may still settle; after that nothing more may go out.
        var settled = await Api.WaitForCaseAsync(opened.InvoiceId, c => !c.HasPendingMessages, "no message in flight");
        var outboxBefore = await fixture.Storage.OutboxNamesAsync(opened.InvoiceId);
        await Eventually.Until(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(4));

        var later = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("promised", (DateTimeOffset?)deadline), (later.State, later.NextActionAt));
        Assert.Equal(settled.Messages!.Select(m => m.Id), later.Messages!.Select(m => m.Id));
        Assert.Equal(outboxBefore, await fixture.Storage.OutboxNamesAsync(opened.InvoiceId));
        var promiseSeq = later.History!.Single(h => h.Type == "promiseRecorded").Seq;
        Assert.DoesNotContain(later.History!, h => h.Seq > promiseSeq && h.Type is "stepFired" or "handedOff");
    }
}
