using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Handoff;
using Cobranza.Functions.Messaging;
using Cobranza.Functions.Telemetry;
using Cobranza.Messaging;

namespace Cobranza.Functions.Cases;

/// <summary>
/// Executes what the decider asked for, after it was committed: sends a step's message through its channel, or writes
/// the handoff file and notifies the destination. Runs at least once; the channels and the case file are idempotent on
/// the effect's key, and a message the case no longer wants (paid, paused, promised) is skipped, not sent.
/// </summary>
public sealed class CaseEffectExecutor(
    MessageDispatcher messages,
    CaseFileWriter caseFiles,
    HandoffNotifier notifier,
    IServiceProvider services,
    TimeProvider time) : IEffectExecutor<DunningCase>
{
    public const string Actor = "system";

    public async Task<InstanceCommand?> ExecuteAsync(string instanceId, EffectRecord effect, DunningCase state, CancellationToken cancellationToken)
    {
        var decoded = CaseEffectCodec.Decode(effect);
        using var activity = CobranzaTelemetry.StartCaseActivity(
            decoded is HandOver ? "cobranza.effect.handoff" : "cobranza.effect.send", instanceId, System.Diagnostics.ActivityKind.Producer);
        activity?.SetTag(CobranzaTelemetry.EffectAttribute, effect.Type);
        activity?.SetTag(CobranzaTelemetry.StepAttribute, decoded is SendMessage send ? send.Step : state.CurrentStep);
        if (decoded is SendMessage sending)
        {
            activity?.SetTag(CobranzaTelemetry.ChannelAttribute, sending.Channel.ToString());
        }

        return decoded switch
        {
            SendMessage message => await messages.DispatchAsync(instanceId, effect.Id, message, state, cancellationToken) is { } completion
                ? CaseCommandCodec.Encode(completion, Actor)
                : null,
            HandOver handOver => await HandOverAsync(instanceId, handOver, cancellationToken),
            _ => throw new InvalidOperationException($"Effect {effect.Type} has no executor."),
        };
    }

    private async Task<InstanceCommand> HandOverAsync(string invoiceId, HandOver handOver, CancellationToken cancellationToken)
    {
        // The file carries the full history, read now (after the handoff itself was committed).
        var client = services.GetRequiredService<IDurableClient<DunningCase>>();
        var snapshot = await client.GetAsync(invoiceId, includeHistory: true, cancellationToken)
            ?? throw new InvalidOperationException($"Case {invoiceId} vanished before its handoff.");
        var file = await caseFiles.WriteAsync(CaseView.From(snapshot.State, snapshot.History, withMessages: true), cancellationToken);
        var notified = await notifier.NotifyAsync(invoiceId, handOver.To, file, cancellationToken);
        return CaseCommandCodec.Encode(new ConfirmHandoff(handOver.To, file.Location, notified, time.GetUtcNow()), Actor);
    }
}
