using System.Text.RegularExpressions;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Xunit.Abstractions;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// Three app processes on one storage and hub compete for the same control queues, as Function instances scaled out
/// do; one of them is killed mid-run. The evidence that the work was shared is each process's own log of the messages
/// it sent (the dispatcher's "sent on" line, switched on for these processes).
/// </summary>
public sealed partial class SeveralWorkersTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int WorkerCount = 3;
    private const int CaseCount = 30;

    [Fact]
    public async Task Workers_ThreeProcessesOneKilledMidRun_WorkSharedAndEachMessageSentExactlyOnce()
    {
        var settings = AppHost.Settings(azurite.ConnectionString, AppHost.NewHubName());
        settings["Logging:LogLevel:Cobranza.Functions.Messaging.MessageDispatcher"] = "Information";
        // The killed process's received messages come back after this (the suite's default, 10 s, only slows the run).
        settings["Cobranza:Durable:MessageVisibilityTimeout"] = "00:00:03";
        var workers = await AppHosts.StartAllAsync([.. Enumerable.Repeat(settings, WorkerCount)]);
        try
        {
            await workers[0].Api.PutPolicyAsync("shared", PolicyBody.WithWaits("PT2S", "PT2S", "PT2S").HandedOffTo("agency", "PT2S"));

            // The last process is killed as soon as it has done some of the work, so that the others take over what it held.
            var killed = workers[^1];
            var killing = KillOnceItSentAsync(killed);
            var ids = new List<string>();
            for (var i = 0; i < CaseCount; i++)
            {
                // Opened through the surviving processes in turn, a few at a time, so that timers come due in several waves.
                ids.Add((await workers[i % (WorkerCount - 1)].Api.OpenCaseAsync(CaseBody.Valid(Ids.New("WRK")).OnPolicy("shared"))).InvoiceId);
                if (i % 5 == 4)
                {
                    await Task.Delay(150);
                }
            }

            await killing;
            output.WriteLine("Messages sent per process when the last one was killed: " + string.Join(", ", workers.Select(w => SentLines(w.RecentOutput))));

            var storage = new StorageProbe(azurite.ConnectionString);
            foreach (var id in ids)
            {
                await ExactlyOnce.AssertHandedOffWithEachMessageOnceAsync(workers[0].Api, storage, id, TimeSpan.FromSeconds(120));
            }

            // Sends logged per process (a message whose sender died before recording it is logged again by its successor).
            var final = workers.Select(w => SentLines(w.RecentOutput)).ToArray();
            output.WriteLine($"Messages sent per process in the end ({CaseCount * ExactlyOnce.LadderMessages.Length} in all): " + string.Join(", ", final));
            Assert.All(final, n => Assert.True(n > 0, "A process sent no message: the work was not shared."));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task KillOnceItSentAsync(AppHost worker)
    {
        await Eventually.WaitAsync(() => Task.FromResult(SentLines(worker.RecentOutput)), n => n > 0, TimeSpan.FromSeconds(60), "the last process sent a message");
        await worker.KillAsync();
    }

    private static int SentLines(string output) => SentLine().Count(output);

    [GeneratedRegex(@"Message \S+ of \S+ sent on ")]
    private static partial Regex SentLine();
}
