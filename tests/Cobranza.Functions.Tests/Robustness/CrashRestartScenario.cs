using Cobranza.Durable;
using Cobranza.Functions.Faults;
using Cobranza.Functions.Tests.Support;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// One crash at a fault point and a restart, end to end over real processes and a real Azurite:
/// <list type="number">
/// <item>a process configured to kill itself the n-th time it reaches the point opens a few cases on a fast ladder
/// (a request cut off by the crash is remembered, not failed) and runs until it dies (a client-only process for step 2
/// starts beside it, to save time);</item>
/// <item>a client-only process (no background worker, so nothing can be sent meanwhile) repeats the cut-off requests,
/// as the ERP would, and records the full payment of the first case: its payment is recorded while the case is
/// mid-ladder and before any worker could send again;</item>
/// <item>a fresh worker process takes over the same storage and hub; every other case must be handed off with each step's
/// message exactly once, and the paid case must have got nothing after its payment was recorded.</item>
/// </list>
/// </summary>
public sealed class CrashRestartScenario(string storageConnection, ITestOutputHelper output)
{
    private const int CaseCount = 4;
    private const string Policy = "crashing";
    private static readonly TimeSpan _crashTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _recoveryTimeout = TimeSpan.FromSeconds(90);

    public async Task RunAsync(DurableFaultPoint point, int afterHits)
    {
        var settings = Settings(storageConnection, AppHost.NewHubName());
        var crashing = new Dictionary<string, string?>(settings)
        {
            [CrashAtSetting.CrashAtKey] = point.ToString(),
            [CrashAtSetting.AfterHitsKey] = afterHits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var cases = Enumerable.Range(0, CaseCount).Select(_ => CaseBody.Valid(Ids.New("FLT")).OnPolicy(Policy)).ToList();
        var paid = cases[0].InvoiceId;

        var clientOnly = new Dictionary<string, string?>(settings) { ["Cobranza:Durable:Enabled"] = "false" };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hosts = await AppHosts.StartAllAsync(crashing, clientOnly);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: crashing and client-only processes started");
        DateTimeOffset paymentRecordedAt;
        await using (var first = hosts[0])
        await using (var payer = hosts[1])
        {
            var cutOff = await RunUntilCrashAsync(first, cases, point);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: crashed");
            foreach (var body in cutOff)
            {
                await payer.Api.OpenOrConfirmCaseAsync(body);
            }

            Assert.Equal("applied", (await payer.Api.PayOrConfirmAsync(PaymentBody.For(paid, 100.00m))).Status);
            var afterPayment = await payer.Api.GetCaseAsync(paid);
            paymentRecordedAt = afterPayment.History!.Single(h => h.Type == "paymentReceived").At;
            output.WriteLine($"{paid} paid at {paymentRecordedAt:O} with {afterPayment.Messages!.Count} messages decided: "
                + string.Join(", ", afterPayment.Messages!.Select(m => $"{m.Id} {m.Status}")));
        }

        await using var second = await AppHost.StartAsync(settings);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: fresh worker started");
        var storage = new StorageProbe(storageConnection);
        foreach (var body in cases.Skip(1))
        {
            await ExactlyOnce.AssertHandedOffWithEachMessageOnceAsync(second.Api, storage, body.InvoiceId, _recoveryTimeout);
        }

        await AssertNothingSentAfterPaymentAsync(second.Api, storage, paid, paymentRecordedAt);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every case ended");
    }

    /// <summary>The settings of every process of the scenario: the end-to-end defaults, with shorter recovery timings.</summary>
    public static Dictionary<string, string?> Settings(string storageConnection, string hubName)
    {
        var settings = AppHost.Settings(storageConnection, hubName);
        // What the crashed process held comes back after these (a message it had received, the effects it had recorded);
        // the suite's defaults (10 s, 3 s) only slow the recovery down.
        settings["Cobranza:Durable:MessageVisibilityTimeout"] = "00:00:03";
        settings["Cobranza:Durable:EffectRecoveryDelay"] = "00:00:02";
        // Waits of 2 s go through the timers table and the sweep (horizon 1 s), shorter ones straight onto a queue: both paths crash.
        settings["Cobranza:Durable:TimerHorizon"] = "00:00:01";
        settings["Cobranza:Durable:TimerSweepInterval"] = "00:00:00.500";
        return settings;
    }

    /// <summary>Runs the crashing process until it died at the point; returns the cases whose opening it did not confirm.</summary>
    private async Task<List<CaseBody>> RunUntilCrashAsync(AppHost first, List<CaseBody> cases, DurableFaultPoint point)
    {
        var cutOff = new List<CaseBody>();
        await first.Api.PutPolicyAsync(Policy, PolicyBody.WithWaits("PT1S", "PT2S", "PT1S").HandedOffTo("agency", "PT1S"));
        foreach (var body in cases)
        {
            if (!first.IsRunning)
            {
                cutOff.Add(body);
                continue;
            }

            try
            {
                await first.Api.OpenCaseAsync(body);
            }
            catch (HttpRequestException e)
            {
                // Only a crash may cut a request off; anything else is a failure of its own.
                if (!await HasDiedAsync(first, TimeSpan.FromSeconds(10)))
                {
                    throw;
                }

                output.WriteLine($"Opening {body.InvoiceId} was cut off by the crash ({e.Message})");
                cutOff.Add(body);
            }
        }

        Assert.True(await HasDiedAsync(first, _crashTimeout),
            $"The app did not crash at {point} within {_crashTimeout}. Output:\n{first.RecentOutput}");
        await first.KillAsync(); // Only collects the dead process and the rest of its output.
        var crashLine = first.RecentOutput.Split('\n').FirstOrDefault(l => l.Contains("Fault injection: killing the process", StringComparison.Ordinal));
        Assert.True(crashLine?.Contains($" at {point} ", StringComparison.Ordinal) == true,
            $"The app died, but not by the injected crash at {point}. Output:\n{first.RecentOutput}");
        output.WriteLine(crashLine!.Trim());
        return cutOff;
    }

    private static async Task AssertNothingSentAfterPaymentAsync(CobranzaApi api, StorageProbe storage, string invoiceId, DateTimeOffset paymentRecordedAt)
    {
        // By now every other case ended, so the paid case's leftover effects and timers (if any) were processed too.
        var c = await api.WaitForCaseAsync(invoiceId, x => !x.HasPendingMessages, "no message of the paid case left pending", _recoveryTimeout);
        Assert.Equal(("closed", "paid", 1), (c.State, c.ClosedReason, c.Count("paymentReceived")));
        Assert.Equal(1, c.Count("opened"));

        var sent = ExactlyOnce.SentIds(c).ToList();
        Assert.Equal(sent.Distinct(), sent);
        Assert.All(c.History!.Where(h => h.Type == "messageSent"), h => Assert.True(h.At <= paymentRecordedAt, $"{h.Details} recorded as sent after the payment"));

        var outbox = await storage.OutboxAsync(invoiceId);
        Assert.All(outbox, blob => Assert.True(blob.Value.SentAt <= paymentRecordedAt, $"{blob.Key} went out at {blob.Value.SentAt:O}, after the payment"));
        // Every message the case records as sent is in the outbox. The outbox may hold one more: a message the crashed
        // process handed to the channel without recording it, which the new worker then finds unwanted (paid) and skips.
        Assert.Subset(outbox.Keys.ToHashSet(), sent.Select(id => id + ".json").ToHashSet());
    }

    private static async Task<bool> HasDiedAsync(AppHost host, TimeSpan within)
    {
        var giveUpAt = DateTimeOffset.UtcNow + within;
        while (host.IsRunning)
        {
            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
