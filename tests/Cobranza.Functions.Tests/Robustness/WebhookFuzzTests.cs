using System.Text.Json;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// At least 10,000 malformed, hostile and mutated requests (seeded: <see cref="FuzzCorpus.SeedVariable"/>), 16 at a time
/// over real HTTP to one app process: the case and payment webhooks, the staff actions, the policy PUT and the ACS events
/// webhook. Each test judges one property of the same run.
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class WebhookFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    private async Task<FuzzCampaign> RunAsync()
    {
        var campaign = await fixture.Campaign;
        output.WriteLine(campaign.Summary());
        return campaign;
    }

    [Fact]
    public async Task Fuzz_TenThousandHostileRequests_NoneAnswers5xxOrDropsTheConnection()
    {
        var campaign = await RunAsync();

        Assert.True(campaign.Outcomes.Count >= FuzzFixture.DefaultCases, $"only {campaign.Outcomes.Count} requests were generated");
        var offenders = campaign.Outcomes.Where(o => o.TransportError is not null || o.Status >= 500).ToList();
        Assert.True(offenders.Count == 0, campaign.Report("were answered 5xx or got no answer", offenders) + "\nApp output:\n" + Tail(campaign.AppOutput));
    }

    [Fact]
    public async Task Fuzz_EveryClientError_IsProblemJsonWithItsStatusAndNoInternals()
    {
        var campaign = await RunAsync();

        var offenders = campaign.Outcomes.Where(o => o.IsClientError && !o.IsCleanProblem).ToList();
        Assert.True(offenders.Count == 0, campaign.Report("were refused with something other than a clean application/problem+json", offenders));
    }

    [Fact]
    public async Task Fuzz_RequestsInvalidByConstruction_AreNeverAccepted()
    {
        var campaign = await RunAsync();

        var refused = campaign.Outcomes.Where(o => o.Request.MustBeRefused).ToList();
        Assert.True(refused.Count >= FuzzFixture.DefaultCases / 2, $"only {refused.Count} requests were invalid by construction");
        var offenders = refused.Where(o => o.Status is > 0 and < 400).ToList();
        Assert.True(offenders.Count == 0, campaign.Report("were invalid by construction yet answered below 400", offenders));
    }

    [Fact]
    public async Task Fuzz_AfterTheRun_SnapshotCasesAreUnchanged()
    {
        var campaign = await RunAsync();

        var changed = campaign.Before.Cases.Where(c => campaign.After.Cases[c.Key] != c.Value)
            .Select(c => $"{c.Key}: {StoreSnapshot.Difference(c.Value, campaign.After.Cases[c.Key])}")
            .ToList();
        var aimed = campaign.Outcomes.Where(o => o.Request.TargetsSnapshot).ToList();
        Assert.True(changed.Count == 0,
            $"Fuzz seed {campaign.Seed}: {aimed.Count} requests aimed at the snapshot ({aimed.Count(o => o.IsClientError)} answered 4xx, " +
            $"{aimed.Count(o => o.IsSuccess)} 2xx) changed {changed.Count} case(s):\n" + string.Join("\n", changed) + "\n" +
            campaign.Report("were aimed at the snapshot and not answered 4xx", aimed.Where(o => !o.IsClientError).ToList()));
        var named = campaign.Outcomes.Where(o => o.AcceptedInvoiceId is { } id && campaign.Before.Cases.ContainsKey(id)).ToList();
        Assert.True(named.Count == 0, campaign.Report("were accepted for a snapshot case", named));
    }

    [Fact]
    public async Task Fuzz_AfterTheRun_SnapshotPolicyIsStillItsFirstVersion()
    {
        var campaign = await RunAsync();

        Assert.Equal(1, JsonDocument.Parse(campaign.Before.Policy).RootElement.GetProperty("version").GetInt32());
        Assert.True(campaign.After.Policy == campaign.Before.Policy,
            $"policy {FuzzFixture.Policy} changed:\nbefore {campaign.Before.Policy}\nafter  {campaign.After.Policy}\n" +
            campaign.Report("were PUTs of the snapshot policy answered below 400",
                campaign.Outcomes.Where(o => o.Request.Endpoint == FuzzEndpoint.Policy && o.Request.TargetsSnapshot && o.Status < 400).ToList()));
    }

    [Fact]
    public async Task Fuzz_AfterTheRun_UnmatchedPaymentsAreTheSnapshotsPlusOnlyAcceptedOnes()
    {
        var campaign = await RunAsync();

        var changedOrGone = campaign.Before.Unmatched.Where(p => !campaign.After.Unmatched.TryGetValue(p.Key, out var now) || now != p.Value)
            .Select(p => $"{p.Key}: {p.Value} -> {campaign.After.Unmatched.GetValueOrDefault(p.Key) ?? "(gone)"}").ToList();
        Assert.True(changedOrGone.Count == 0, "snapshot unmatched payments changed:\n" + string.Join("\n", changedOrGone));
        var accepted = campaign.Outcomes.Where(o => o.IsSuccess && o.AcceptedPaymentId is not null).Select(o => o.AcceptedPaymentId!).ToHashSet(StringComparer.Ordinal);
        var unexplained = campaign.After.Unmatched.Keys.Where(id => !campaign.Before.Unmatched.ContainsKey(id) && !accepted.Contains(id)).ToList();
        Assert.True(unexplained.Count == 0,
            $"Fuzz seed {campaign.Seed}: {unexplained.Count} unmatched payments appeared that no 2xx answer accepted: " +
            string.Join("\n", unexplained.Take(20).Select(id => campaign.After.Unmatched[id])));
    }

    [Fact]
    public async Task Fuzz_RefusedOpenCaseForFreshInvoice_OpensNoCase()
    {
        var campaign = await RunAsync();

        Assert.True(campaign.FreshRefusedOpenCases > 100, $"only {campaign.FreshRefusedOpenCases} refused case openings for fresh invoices were checked");
        Assert.True(campaign.FreshRefusedButOpened.Count == 0,
            $"Fuzz seed {campaign.Seed}: refused with 4xx, yet a case exists for: " + string.Join(", ", campaign.FreshRefusedButOpened.Take(50)) + "\n" +
            campaign.Report("opened a case although refused", campaign.Outcomes.Where(o => o.Request.FreshInvoiceId is { } id && campaign.FreshRefusedButOpened.Contains(id)).ToList()));
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}
