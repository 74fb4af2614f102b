using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Telemetry;

namespace Cobranza.Functions.Cases;

/// <summary>Plugs the pure <see cref="CaseDecider"/> into the durable runtime: one instance per invoice.</summary>
public sealed class CaseLogic : IInstanceLogic<DunningCase>
{
    public Decision<DunningCase> Decide(string instanceId, DunningCase? state, InstanceCommand command, DateTimeOffset now)
    {
        // A timer firing is the one decision nobody asked for over HTTP: its own span, so a late or lost step can be traced.
        using var activity = CobranzaTelemetry.StartCaseActivity(
            command.Type == InstanceCommand.TimerFiredType ? "cobranza.timer.fire" : "cobranza.case.decide", instanceId);
        activity?.SetTag(CobranzaTelemetry.CommandAttribute, command.Type);
        var outcome = CaseDecider.Decide(state, CaseCommandCodec.Decode(command), now);
        activity.SetStep(outcome.State ?? state);
        if (outcome.State is null)
        {
            return Decision<DunningCase>.Unchanged(outcome);
        }

        var history = outcome.History
            .Select(e => new HistoryRecord(now, e.Type, command.Actor, JsonSerializer.Serialize(e.Details, CobranzaJson.Options)))
            .ToList();
        var effects = outcome.Effects
            .Select(e => new EffectRecord(e.Id, CaseEffectCodec.TypeOf(e), JsonSerializer.Serialize(e, e.GetType(), CobranzaJson.Options)))
            .ToList();
        TimerChange timer = outcome.Timer switch
        {
            CaseTimer.SetTimer set => TimerChange.Set(set.DueAt, set.Tag),
            CaseTimer.ClearTimer => TimerChange.Clear,
            _ => TimerChange.Keep,
        };
        return new Decision<DunningCase>(outcome.State, history, effects, timer, outcome);
    }

    public IReadOnlyDictionary<string, string?> IndexColumns(DunningCase state) => new Dictionary<string, string?>
    {
        ["State"] = Wire.Name(state.State),
        ["DebtorId"] = state.Debtor.Id,
        ["Policy"] = state.Policy.Name,
        ["Currency"] = state.Currency,
    };
}
