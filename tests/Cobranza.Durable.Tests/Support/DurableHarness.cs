using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cobranza.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cobranza.Durable.Tests.Support;

/// <summary>
/// One "process" running the runtime: a host with the counter logic and recording executor on a given storage and hub.
/// Several harnesses on the same hub act as several workers. Short timings make timers and recovery testable quickly.
/// </summary>
public sealed class DurableHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private DurableHarness(IHost host, string hubName, TestLog log)
    {
        _host = host;
        HubName = hubName;
        Log = log;
    }

    public string HubName { get; }

    public TestLog Log { get; }

    public IServiceProvider Services => _host.Services;

    public IDurableClient<CounterState> Client => Services.GetRequiredService<IDurableClient<CounterState>>();

    public CounterLogic Logic => (CounterLogic)Services.GetRequiredService<IInstanceLogic<CounterState>>();

    public RecordingExecutor Executor => (RecordingExecutor)Services.GetRequiredService<IEffectExecutor<CounterState>>();

    public StorageLayout Layout => Services.GetRequiredService<StorageLayout>();

    public StorageClients Storage => Services.GetRequiredService<StorageClients>();

    public TableClient InstancesTable => Storage.Tables.GetTableClient(Layout.InstancesTable);

    public TableClient TimersTable => Storage.Tables.GetTableClient(Layout.TimersTable);

    public static string NewHubName() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Starts a harness; <paramref name="worker"/> false runs the client only (no listeners, pump or dispatcher);
    /// <paramref name="faults"/> replaces the runtime's no-op fault injector.
    /// </summary>
    public static async Task<DurableHarness> StartAsync(
        string connectionString,
        bool worker,
        string? hubName = null,
        ITestOutputHelper? output = null,
        IDictionary<string, string?>? settings = null,
        Action<DurableHarness>? beforeStart = null,
        IDurableFaultInjector? faults = null,
        Action<IServiceCollection>? configureServices = null)
    {
        hubName ??= NewHubName();
        var values = new Dictionary<string, string?>
        {
            ["Cobranza:Durable:HubName"] = hubName,
            ["Cobranza:Durable:Partitions"] = "2",
            ["Cobranza:Durable:TimerHorizon"] = "00:00:03",
            ["Cobranza:Durable:TimerSweepInterval"] = "00:00:00.500",
            ["Cobranza:Durable:MaxPollingInterval"] = "00:00:00.250",
            ["Cobranza:Durable:EffectRecoveryDelay"] = "00:00:01",
            ["Cobranza:Durable:Enabled"] = worker ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var log = new TestLog(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        if (faults is not null)
        {
            builder.Services.AddSingleton(faults);
        }

        builder.Services.AddDurableRuntime<CounterState, CounterLogic, RecordingExecutor>(builder.Configuration, connectionString);
        configureServices?.Invoke(builder.Services);
        var harness = new DurableHarness(builder.Build(), hubName, log);
        beforeStart?.Invoke(harness);

        await harness.Services.GetRequiredService<DurableStorageInitializer>().EnsureCreatedAsync();
        await harness._host.StartAsync();
        return harness;
    }

    /// <summary>Stops the host (as a process shutting down); idempotent.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    public QueueClient ControlQueueOf(string instanceId) => Storage.Queues.GetQueueClient(Layout.ControlQueue(Layout.PartitionOf(instanceId)));

    public QueueClient PoisonQueueOf(string instanceId) => Storage.Queues.GetQueueClient(StorageLayout.PoisonQueue(Layout.ControlQueue(Layout.PartitionOf(instanceId))));

    /// <summary>Messages on all control queues, visible or not.</summary>
    public async Task<int> ControlMessageCountAsync()
    {
        var total = 0;
        foreach (var name in Layout.ControlQueues)
        {
            var properties = await Storage.Queues.GetQueueClient(name).GetPropertiesAsync();
            total += properties.Value.ApproximateMessagesCount;
        }

        return total;
    }

    public async Task<CounterState?> StateAsync(string instanceId) => (await Client.GetAsync(instanceId, includeHistory: false))?.State;

    /// <summary>Waits until the instance's state satisfies <paramref name="done"/>.</summary>
    public async Task<CounterState> WaitForStateAsync(string instanceId, Func<CounterState, bool> done, TimeSpan timeout, string what) =>
        (await Eventually.WaitAsync(() => StateAsync(instanceId), s => s is not null && done(s), timeout, what))!;

    /// <summary>Waits until no message is left on the control queues (everything processed or dropped).</summary>
    public Task WaitForEmptyQueuesAsync(TimeSpan timeout) =>
        Eventually.WaitAsync(async () => await ControlMessageCountAsync() == 0, timeout, "control queues empty");
}
