using System.Diagnostics;
using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>
/// Timers at scale (issue 7): <c>open</c> open cases of which <c>due</c> fall due at the same instant. Every case is
/// opened through <c>POST /api/cases:batch</c>; the due ones more than TimerHorizon + TimerSweepInterval ahead, so their
/// timers wait in the timers table and a sweep moves them onto the queues, as in production. Counted from before that
/// sweep until the last effect-recovery message is gone: storage transactions per fire (the app's
/// <see cref="StorageTransactionCounter"/>, and by table and queue through a <see cref="StorageRequestTap"/>); fires a
/// second; lateness of each fire behind its due time. Then the same storage calls are replayed raw at 1–64 in flight
/// against the same Azurite (<see cref="FireMixReplay"/>): the best rate is the ceiling the fire rate is compared to.
/// </summary>
public static class TimersAtScale
{
    private const string Hub = "bench";
    private const int ReplayFires = 150;

    // The due instant is this far after the due cases have opened, at least: TimerHorizon (2 min) + a sweep interval
    // (1 min) + a margin, so the timers are parked in the table and moved by a later sweep.
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(200);

    // Counting starts this long before the due instant: before the sweep that moves the timers (within TimerHorizon of due).
    internal static readonly TimeSpan CountBefore = TimeSpan.FromSeconds(125);

    public static async Task RunAsync(int open, int due, IReadOnlyDictionary<string, string?> settings, TextWriter report)
    {
        if (due < 2 || due > open)
        {
            throw new ArgumentOutOfRangeException(nameof(due), due, "At least 2 due cases, and no more than the open cases.");
        }

        await using var app = await BenchmarkApp.StartAsync(new Dictionary<string, string?>(settings) { ["Cobranza:Durable:HubName"] = Hub });
        var clients = new ReplayClients(app.ConnectionString);
        using var tap = new StorageRequestTap(clients.Blobs.Uri.Port, clients.Queues.Uri.Port, clients.Tables.Uri.Port);
        var instances = clients.Tables.GetTableClient(Hub + "Instances");
        var zone = TimersPortfolio.ChooseZone(DateTimeOffset.UtcNow.AddMinutes(5));

        // One case first, uncounted, so that what runs once per process (JIT, template compilation) is not measured.
        await TimersPortfolio.PutPolicyAsync(app, TimersPortfolio.WarmUpPolicy, TimersPortfolio.Policy("PT1S", hours: null));
        await TimersPortfolio.OpenAsync(app, ["WARM-UP"], TimersPortfolio.WarmUpPolicy, zone);
        await WaitUntilAsync(async () => await OutboxCountAsync(clients) >= 1, TimeSpan.FromMinutes(2), "the warm-up message");

        Progress($"Opening {open - due} not-due cases (debtors in {zone.Id})");
        var farClock = Stopwatch.StartNew();
        await TimersPortfolio.PutPolicyAsync(app, TimersPortfolio.FarPolicy, TimersPortfolio.Policy("P30D", "08:00-20:00"));
        await TimersPortfolio.OpenAsync(app, TimersPortfolio.Ids(TimersPortfolio.FarPrefix, open - due), TimersPortfolio.FarPolicy, zone);
        farClock.Stop();

        // Opening the due cases must end more than TimerHorizon + a sweep interval before they are due: allow for it at
        // (a third below) the rate the not-due cases opened at, or 20 a second.
        var perCase = open > due ? farClock.Elapsed / (open - due) : TimeSpan.FromSeconds(0.05);
        var dueAt = CeilingMinute(DateTimeOffset.UtcNow + Lead + (perCase * due * 1.5));
        await TimersPortfolio.PutPolicyAsync(app, TimersPortfolio.DuePolicy, TimersPortfolio.Policy("PT1M", TimersPortfolio.HoursFrom(dueAt, zone)));
        var dueClock = Stopwatch.StartNew();
        await TimersPortfolio.OpenAsync(app, TimersPortfolio.Ids(TimersPortfolio.DuePrefix, due), TimersPortfolio.DuePolicy, zone);
        dueClock.Stop();
        var openedBeforeDue = dueAt - DateTimeOffset.UtcNow;
        var dueTimes = await TimerFireTimes.ReadDueTimesAsync(instances, TimersPortfolio.DuePrefix);
        var parked = await TimerFireTimes.CountParkedAsync(clients.Tables.GetTableClient(Hub + "Timers"), dueAt);

        Progress($"{due} cases due at {dueAt:HH:mm:ss} UTC; {parked} timers parked in the table; counting from {CountBefore.TotalSeconds:F0} s before");
        var countFrom = dueAt - CountBefore;
        if (countFrom > DateTimeOffset.UtcNow)
        {
            await Task.Delay(countFrom - DateTimeOffset.UtcNow);
        }

        var sent = 0;
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tap.Recorded += operation =>
        {
            if (operation is { Operation: "blob put", Resource: BlobOutboxContainer } && Interlocked.Increment(ref sent) >= due)
            {
                allSent.TrySetResult();
            }
        };
        var window = Stopwatch.StartNew();
        var azurite = new AzuriteCpu(clients.Tables.Uri.Port);
        var pressure = ProcessPressure.StartAt(dueAt, azurite);
        var azuriteIdle = IdleCpuAsync(azurite, dueAt - TimeSpan.FromSeconds(55), dueAt - TimeSpan.FromSeconds(5));
        app.Counter.Start();
        tap.Start();
        await allSent.Task.WaitAsync(TimeSpan.FromMinutes(15));
        var burstPressure = await pressure.StopAsync();
        var burstLoad = LoadAverage();
        Progress($"All {due} messages sent; waiting for the effect-recovery messages");

        // Each fire also wrote an effect-recovery message, visible EffectRecoveryDelay later, then received and deleted:
        // part of what a fire costs, so the count goes on until the control queues are empty.
        await Task.Delay(TimeSpan.FromSeconds(20));
        await WaitUntilAsync(async () => await ControlMessagesAsync(clients) == 0, TimeSpan.FromMinutes(5), "the control queues to empty");
        var counted = app.Counter.Stop();
        var recorded = tap.Stop();
        window.Stop();

        Progress("Counted; replaying the mix raw");
        var fires = await TimerFireTimes.ReadFiresAsync(instances, TimersPortfolio.DuePrefix, dueTimes);
        var mix = recorded.Where(o => o.Operation != TappedRequest.EmptyReceive).ToList();
        var (levels, notReplayed) = await FireMixReplay.SweepAsync(clients, mix, due, Math.Min(due, ReplayFires), azurite, CancellationToken.None);
        var replayLoad = LoadAverage();

        var setup = new Setup(open, due, settings, zone, dueAt, farClock.Elapsed, dueClock.Elapsed, openedBeforeDue, dueTimes.Count, parked, window.Elapsed,
            await PoisonMessagesAsync(clients), tap.Failures.Count, tap.Failures.Last?.Message, burstPressure, burstLoad, replayLoad,
            await azuriteIdle);
        TimersReport.Write(report, setup, fires, counted, recorded, levels, notReplayed, Math.Min(due, ReplayFires), tap.MeanInFlight);
    }

    /// <summary>What the run set up, for the report.</summary>
    public sealed record Setup(
        int Open, int Due, IReadOnlyDictionary<string, string?> Settings, TimeZoneInfo Zone, DateTimeOffset DueAt, TimeSpan FarOpening, TimeSpan DueOpening,
        TimeSpan OpenedBeforeDue, int DueTimesRead, int ParkedInTable, TimeSpan CountWindow, int PoisonMessages, int TapFailures, string? TapFailure,
        ProcessPressureSummary Burst, string BurstLoad, string ReplayLoad, double? AzuriteIdleShare);

    private const string BlobOutboxContainer = "outbox";

    /// <summary>
    /// Azurite's share of a core between two moments before the burst, when nothing is due (after the sweep that moved
    /// the timers): what it spends on its own, which the burst's figure includes.
    /// </summary>
    private static async Task<double?> IdleCpuAsync(AzuriteCpu azurite, DateTimeOffset from, DateTimeOffset to)
    {
        if (from < DateTimeOffset.UtcNow)
        {
            return null;
        }

        await Task.Delay(from - DateTimeOffset.UtcNow);
        var before = azurite.Read();
        await Task.Delay(to - from);
        return azurite.Read() - before is { } used ? used / (to - from) : null;
    }

    /// <summary>The machine's 1-minute load average (/proc/loadavg): other work on the 2 cores slows both the app and the replay.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static void Progress(string what) => Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {what}");

    private static DateTimeOffset CeilingMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);

    private static async Task<int> OutboxCountAsync(ReplayClients clients)
    {
        var count = 0;
        await foreach (var _ in clients.Blobs.GetBlobContainerClient(BlobOutboxContainer).GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>Messages on the control queues, visible or not (the queues' approximate counts, which include invisible ones).</summary>
    private static async Task<int> ControlMessagesAsync(ReplayClients clients) => await QueueMessagesAsync(clients, q => !q.EndsWith("-poison", StringComparison.Ordinal));

    private static async Task<int> PoisonMessagesAsync(ReplayClients clients) => await QueueMessagesAsync(clients, q => q.EndsWith("-poison", StringComparison.Ordinal));

    private static async Task<int> QueueMessagesAsync(ReplayClients clients, Func<string, bool> which)
    {
        var total = 0;
        await foreach (var queue in clients.Queues.GetQueuesAsync(prefix: Hub + "-control-"))
        {
            if (which(queue.Name))
            {
                total += (await clients.Queues.GetQueueClient(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }
        }

        return total;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("Gave up waiting for " + what);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
