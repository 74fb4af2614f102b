using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// One effect to carry out (a step's message on one channel, the handoff) with the case as the orchestration knows it
/// when the effect runs: the input of <see cref="RunCaseEffectActivity"/>. The effect travels as (type, JSON) because
/// <see cref="CaseEffect"/> is polymorphic.
/// </summary>
public sealed record CaseEffectWork(string InvoiceId, string EffectType, string EffectPayload, DunningCase Case)
{
    public const string SendMessageType = "sendMessage";
    public const string HandOverType = "handOver";

    public static CaseEffectWork For(DunningCase @case, CaseEffect effect) => effect switch
    {
        SendMessage send => new(@case.InvoiceId, SendMessageType, JsonSerializer.Serialize(send, CobranzaJson.Options), @case),
        HandOver handOver => new(@case.InvoiceId, HandOverType, JsonSerializer.Serialize(handOver, CobranzaJson.Options), @case),
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect.GetType().Name, "Unknown case effect."),
    };

    public CaseEffect Decode() => EffectType switch
    {
        SendMessageType => JsonSerializer.Deserialize<SendMessage>(EffectPayload, CobranzaJson.Options)!,
        HandOverType => JsonSerializer.Deserialize<HandOver>(EffectPayload, CobranzaJson.Options)!,
        _ => throw new InvalidOperationException($"Unknown case effect type '{EffectType}'."),
    };
}
