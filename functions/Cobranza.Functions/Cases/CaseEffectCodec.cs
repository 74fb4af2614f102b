using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Cases;

/// <summary>Names and reads back the case effects stored in the runtime's outbox.</summary>
public static class CaseEffectCodec
{
    public const string SendMessageType = "sendMessage";
    public const string HandOverType = "handOver";

    public static string TypeOf(CaseEffect effect) => effect switch
    {
        SendMessage => SendMessageType,
        HandOver => HandOverType,
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect.GetType().Name, "Unknown case effect."),
    };

    public static CaseEffect Decode(EffectRecord record) => record.Type switch
    {
        SendMessageType => JsonSerializer.Deserialize<SendMessage>(record.Payload, CobranzaJson.Options)!,
        HandOverType => JsonSerializer.Deserialize<HandOver>(record.Payload, CobranzaJson.Options)!,
        _ => throw new ArgumentOutOfRangeException(nameof(record), record.Type, "Unknown case effect type."),
    };
}
