using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cobranza.Durable;

/// <summary>
/// The background part of the runtime: creates the storage resources, sweeps the timers table once (restart
/// recovery), then runs the timer pump, one listener per control queue and the effect dispatcher until the host stops.
/// On stop, messages being processed are released for another worker and running effects stay pending for their
/// recovery message. Does nothing when <see cref="DurableOptions.Enabled"/> is false. When
/// <see cref="DurableOptions.HostDriven"/> is true only the storage resources and the effect dispatcher are started: the
/// Functions host sweeps the timers and delivers the queue messages.
/// </summary>
public sealed class DurableWorker : BackgroundService
{
    private readonly DurableStorageInitializer _initializer;
    private readonly TimerPump _pump;
    private readonly ControlQueueListener _listener;
    private readonly IEffectDispatcher _effects;
    private readonly StorageLayout _layout;
    private readonly DurableOptions _options;
    private readonly ILogger<DurableWorker> _logger;

    internal DurableWorker(
        DurableStorageInitializer initializer,
        TimerPump pump,
        ControlQueueListener listener,
        IEffectDispatcher effects,
        StorageLayout layout,
        IOptions<DurableOptions> options,
        ILogger<DurableWorker> logger)
    {
        _initializer = initializer;
        _pump = pump;
        _listener = listener;
        _effects = effects;
        _layout = layout;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("Durable worker disabled by configuration; only the client is available");
            return;
        }

        if (_options.HostDriven)
        {
            await RunHostDrivenAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _initializer.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
            _effects.Start(stoppingToken);
            await _pump.SweepAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: the pump's next sweep tries again.
            _logger.LogError(ex, "The start-up timer sweep failed for hub {HubName}", _layout.HubName);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await _effects.StopAsync().ConfigureAwait(false);
            return;
        }

        _logger.LogInformation("Durable worker started for hub {HubName}", _layout.HubName);
        var loops = Enumerable.Range(0, _layout.Partitions)
            .Select(p => _listener.RunAsync(p, stoppingToken))
            .Append(_pump.RunAsync(stoppingToken));
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            await _effects.StopAsync().ConfigureAwait(false);
            _logger.LogInformation("Durable worker stopped for hub {HubName}", _layout.HubName);
        }
    }

    /// <summary>Creates the storage resources and runs the effect dispatcher (effects after a commit) until stopped.</summary>
    private async Task RunHostDrivenAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _initializer.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: the resources exist after the first deployment, and a request that needs a missing one fails visibly.
            _logger.LogError(ex, "Creating the storage resources of hub {HubName} failed", _layout.HubName);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        _effects.Start(stoppingToken);
        _logger.LogInformation("Durable worker started for hub {HubName}, driven by the Functions host (no polling)", _layout.HubName);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await _effects.StopAsync().ConfigureAwait(false);
        }
    }
}
