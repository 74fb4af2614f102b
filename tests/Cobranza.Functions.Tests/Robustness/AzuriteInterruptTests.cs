using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// The storage goes away mid-ladder and comes back: Azurite on a data folder is stopped with SIGINT (it saves what it
/// acknowledged) and started again on the same folder and ports while the app keeps running. A SIGKILL of Azurite is
/// not tested: it loses acknowledged writes, which no real storage does.
/// </summary>
public sealed class AzuriteInterruptTests(ITestOutputHelper output)
{
    private const int CaseCount = 6;
    // Longer than the storage SDK retries one request (about 6 s), so that the runtime's own handling of failed calls is tested.
    private static readonly TimeSpan _outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StorageOutage_AzuriteInterruptedMidLadderAndRestarted_AppRidesItOutAndEachMessageIsSentOnce()
    {
        await using var azurite = await PersistentAzurite.StartAsync();
        await using var app = await AppHost.StartAsync(AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName()));
        await app.Api.PutPolicyAsync("outage", PolicyBody.WithWaits("PT2S", "PT3S", "PT2S").HandedOffTo("agency", "PT2S"));
        var ids = new List<string>();
        for (var i = 0; i < CaseCount; i++)
        {
            ids.Add((await app.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("OUT")).OnPolicy("outage"))).InvoiceId);
        }

        foreach (var id in ids)
        {
            await app.Api.WaitForCaseAsync(id, c => c.Sent.Any(), "step 1 under way");
        }

        // Step 2 comes due during the outage, and effects and queue messages in flight fail against the missing storage.
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await azurite.InterruptAsync();
        output.WriteLine($"Azurite stopped with SIGINT in {stopwatch.Elapsed}");
        await Task.Delay(_outage);
        Assert.True(app.IsRunning, $"The app died while the storage was away. Output:\n{app.RecentOutput}");
        var restarting = stopwatch.Elapsed;
        await azurite.StartAgainAsync();
        output.WriteLine($"Azurite restarted at {restarting}, listening again at {stopwatch.Elapsed}");

        var storage = new StorageProbe(azurite.ConnectionString);
        foreach (var id in ids)
        {
            await ExactlyOnce.AssertHandedOffWithEachMessageOnceAsync(app.Api, storage, id, TimeSpan.FromSeconds(120));
        }

        Assert.True(app.IsRunning, $"The app died after the outage. Output:\n{app.RecentOutput}");
        output.WriteLine($"The app logged {app.RecentOutput.Split('\n').Count(l => l.StartsWith("fail:", StringComparison.Ordinal))} errors while storage was away or coming back");
        output.WriteLine($"All {CaseCount} cases handed off {stopwatch.Elapsed} after the outage began");
    }
}
