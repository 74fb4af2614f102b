using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.EndToEnd;

/// <summary>The service process is killed mid-ladder and a new one takes over the same storage and hub.</summary>
public sealed class RestartRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int CaseCount = 6;
    private static readonly string[] ExpectedMessages = ["1-email", "1-sms", "2-email", "2-sms", "3-email", "3-sms"];

    [Fact]
    public async Task Ladder_ProcessKilledMidLadderAndStartedAgain_EveryCaseHandedOffWithEachMessageExactlyOnce()
    {
        var settings = AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName());
        await using var first = await AppHost.StartAsync(settings);
        await first.Api.PutPolicyAsync("restart", PolicyBody.WithWaits("PT2S", "PT3S", "PT2S").HandedOffTo("agency", "PT3S"));
        var ids = new List<string>();
        for (var i = 0; i < CaseCount; i++)
        {
            ids.Add((await first.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("RST")).OnPolicy("restart"))).InvoiceId);
        }

        // Mid-ladder: every case has started sending step 1, and the first handoff is still seconds away.
        var beforeKill = new List<CaseDto>();
        foreach (var id in ids)
        {
            beforeKill.Add(await first.Api.WaitForCaseAsync(id, c => c.Sent.Any(), "step 1 under way"));
        }

        await first.KillAsync();
        output.WriteLine("Killed with cases at: " + string.Join(", ", beforeKill.Select(c => $"{c.InvoiceId} step {c.CurrentStep} {c.State}, {c.Sent.Count()} sent")));
        Assert.All(beforeKill, c => Assert.Equal("active", c.State));

        await using var second = await AppHost.StartAsync(settings);
        var storage = new StorageProbe(azurite.ConnectionString);
        foreach (var id in ids)
        {
            var c = await second.Api.WaitForCaseAsync(id, x => x.Has("handoffDelivered"), "handed off after the restart", TimeSpan.FromSeconds(120));

            Assert.Equal(("handedOff", "agency"), (c.State, c.HandedOffTo));
            Assert.Equal(ExpectedMessages, c.Messages!.Select(m => m.Id).Order(StringComparer.Ordinal));
            Assert.All(c.Messages!, m => Assert.Equal("sent", m.Status));
            Assert.Equal(ExpectedMessages.Select(m => m + ".json"), await storage.OutboxNamesAsync(id));
            Assert.Equal([1, 2, 3], c.History!.Where(h => h.Type == "stepFired").Select(h => h.Details.GetProperty("step").GetInt32()));
            Assert.Equal(ExpectedMessages, c.History!.Where(h => h.Type == "messageSent").Select(h => h.Details.GetProperty("messageId").GetString()).Order(StringComparer.Ordinal));
            Assert.Equal((1, 1, 0), (c.Count("handedOff"), c.Count("handoffDelivered"), c.Count("messageCancelled")));
        }
    }
}
