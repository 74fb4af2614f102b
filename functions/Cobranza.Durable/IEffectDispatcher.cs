namespace Cobranza.Durable;

/// <summary>The type-independent face of the effect dispatcher, for the worker and the queue message handler.</summary>
internal interface IEffectDispatcher
{
    /// <summary>Starts executing effects committed by this process.</summary>
    void Start(CancellationToken stoppingToken);

    /// <summary>Stops; effects still running are cancelled and stay pending for their recovery message.</summary>
    Task StopAsync();

    /// <summary>Executes every pending effect of an instance once; true when none is left pending by this call.</summary>
    Task<bool> RunPendingAsync(string instanceId, CancellationToken cancellationToken);
}
