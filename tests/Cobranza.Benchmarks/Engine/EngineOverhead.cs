using System.Globalization;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// <c>engine [fires=20000] [events=20000] [baselineCases=500] [Key=Value…]</c>: the runtime's own cost. Timer fires and
/// webhook events on the in-memory storage, per wall second and per CPU-second of the process, with the storage's own
/// share of the CPU (serving the app's requests from memory) measured and left out; then both workloads at
/// <c>baselineCases</c> on the in-memory storage and on Azurite in the same run, whose ratio shows what bounds the
/// app when the storage is real.
/// </summary>
public static class EngineOverhead
{
    public const double FiresTarget = 2_000, EventsTarget = 5_000;

    // The large run's recovery messages stay out of its fire window (a 20,000-fire window may last longer than the
    // default 30 s); their cost is measured in the small runs, which wait for them.
    private static readonly KeyValuePair<string, string?> _lateRecovery = new("Cobranza:Durable:EffectRecoveryDelay", "00:05:00");

    private sealed record Row(string Storage, int Cases, FireResult Fires, EventResult Events);

    public static async Task RunAsync(int fires, int events, int baselineCases, IReadOnlyDictionary<string, string?> overrides, TextWriter report)
    {
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Engine overhead, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores; runtime settings: the defaults but{string.Concat(EngineWorkloads.Settings(true, overrides).Select(s => $" {s.Key.Replace("Cobranza:Durable:", "", StringComparison.Ordinal)}={s.Value}"))}"));
        report.WriteLine();

        SdkCallResult sdk;
        await using (var memory = BenchmarkStorage.InMemoryStorage())
        {
            sdk = await SdkCallCost.RunAsync(memory, Math.Max(fires, 1000));
        }

        FireResult bigFires;
        await using (var memory = BenchmarkStorage.InMemoryStorage())
        {
            bigFires = await EngineWorkloads.FiresAsync(memory, fires, new Dictionary<string, string?>(overrides) { [_lateRecovery.Key] = _lateRecovery.Value }, measureRecovery: false);
        }

        EventResult bigEvents;
        await using (var memory = BenchmarkStorage.InMemoryStorage())
        {
            bigEvents = await EngineWorkloads.EventsAsync(memory, events, overrides);
        }

        var rows = new List<Row> { new("in-memory", fires, bigFires, bigEvents) };
        await using (var memory = BenchmarkStorage.InMemoryStorage())
        {
            rows.Add(new Row("in-memory", baselineCases, await EngineWorkloads.FiresAsync(memory, baselineCases, overrides, measureRecovery: true), await EngineWorkloads.EventsAsync(memory, baselineCases, overrides)));
        }

        await using (var azurite = await BenchmarkStorage.StartAzuriteAsync())
        {
            rows.Add(new Row("azurite", baselineCases, await EngineWorkloads.FiresAsync(azurite, baselineCases, overrides, measureRecovery: true), await EngineWorkloads.EventsAsync(azurite, baselineCases, overrides)));
        }

        report.WriteLine("| workload | storage | count | wall s | per wall second | process CPU s | of which storage | cores busy | per CPU-second | per app CPU-second |");
        report.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Write(report, "timer fires", row.Storage, row.Fires.Fires);
            if (row.Fires.Recovery is { } recovery)
            {
                Write(report, "their recovery messages", row.Storage, recovery);
            }

            Write(report, "webhook opens (POST /api/cases)", row.Storage, row.Events.Opens);
            Write(report, "webhook payments (POST /api/payments)", row.Storage, row.Events.Payments);
        }

        Write(report, "SDK point read (3 KB row)", "in-memory", sdk.PointReads);
        Write(report, "SDK transaction (2 operations)", "in-memory", sdk.Transactions);
        Write(report, "SDK queue put", "in-memory", sdk.QueuePuts);

        var (big, small, azure) = (rows[0], rows[1], rows[2]);
        var recoveryCpu = small.Fires.Recovery!.AppCpu / small.Fires.Recovery.Count;
        var firesWithRecovery = big.Fires.Fires.Count / (big.Fires.Fires.AppCpu + (recoveryCpu * big.Fires.Fires.Count)).TotalSeconds;
        report.WriteLine();
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Per core (per second of the app's CPU), in memory: {big.Fires.Fires.PerAppCpuSecond:F0} fires/s, {firesWithRecovery:F0} with the recovery message each fire leaves " +
            $"(target {FiresTarget:F0}); {big.Events.Payments.PerAppCpuSecond:F0} payments/s and {big.Events.Opens.PerAppCpuSecond:F0} opens/s (target {EventsTarget:F0} events/s)."));
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"In memory / Azurite at {baselineCases} cases, per wall second: fires {small.Fires.Fires.PerSecond / azure.Fires.Fires.PerSecond:F1}x, " +
            $"opens {small.Events.Opens.PerSecond / azure.Events.Opens.PerSecond:F1}x, payments {small.Events.Payments.PerSecond / azure.Events.Payments.PerSecond:F1}x; " +
            $"the app's CPU per operation, on Azurite / in memory: fires {PerOperation(azure.Fires.Fires) / PerOperation(small.Fires.Fires):F1}x, " +
            $"opens {PerOperation(azure.Events.Opens) / PerOperation(small.Events.Opens):F1}x, payments {PerOperation(azure.Events.Payments) / PerOperation(small.Events.Payments):F1}x."));
        var sdkCall = (PerOperation(sdk.PointReads) + PerOperation(sdk.Transactions) + PerOperation(sdk.QueuePuts)) / 3;
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The app's CPU per SDK call in memory: point read {PerOperation(sdk.PointReads) * 1e6:F0} µs, transaction {PerOperation(sdk.Transactions) * 1e6:F0} µs, queue put {PerOperation(sdk.QueuePuts) * 1e6:F0} µs; " +
            $"a fire costs as much as {PerOperation(big.Fires.Fires) / sdkCall:F1} such calls, a payment {PerOperation(big.Events.Payments) / sdkCall:F1}, an open {PerOperation(big.Events.Opens) / sdkCall:F1}."));
    }

    private static double PerOperation(Throughput t) => t.AppCpu.TotalSeconds / t.Count;

    private static void Write(TextWriter report, string workload, string storage, Throughput t) =>
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {workload} | {storage} | {t.Count} | {t.Wall.TotalSeconds:F2} | {t.PerSecond:F0} | {t.Cpu.TotalSeconds:F2} | {t.StorageCpu.TotalSeconds:F2} | {t.Cores:F2} | {t.PerCpuSecond:F0} | {(t.AppCpu > TimeSpan.Zero ? t.PerAppCpuSecond.ToString("F0", CultureInfo.InvariantCulture) : "n/a")} |"));
}
