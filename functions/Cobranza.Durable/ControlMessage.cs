using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cobranza.Durable;

/// <summary>
/// A control-queue message: <c>{"i": instanceId, "k": "timer"|"effects", "t": token, "d": dueAt, "g": tag}</c>.
/// It carries ids and the timer's tag only, never application payloads (they contain personal data).
/// </summary>
internal sealed record ControlMessage(
    [property: JsonPropertyName("i")] string InstanceId,
    [property: JsonPropertyName("k")] string Kind,
    [property: JsonPropertyName("t")] string? Token = null,
    [property: JsonPropertyName("d")] DateTimeOffset? DueAt = null,
    [property: JsonPropertyName("g")] string? Tag = null)
{
    public const string TimerKind = "timer";
    public const string EffectsKind = "effects";

    private static readonly JsonSerializerOptions _json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ControlMessage Timer(string instanceId, string token, DateTimeOffset dueAt, string tag) =>
        new(instanceId, TimerKind, token, dueAt, tag);

    public static ControlMessage Effects(string instanceId) => new(instanceId, EffectsKind);

    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>Parses and checks a message; a malformed one throws <see cref="FormatException"/> (and ends in the poison queue).</summary>
    public static ControlMessage Parse(string json)
    {
        ControlMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ControlMessage>(json, _json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("A control message is not valid JSON.", ex);
        }

        var valid = message is not null
            && !string.IsNullOrEmpty(message.InstanceId)
            && (message.Kind == EffectsKind
                || (message.Kind == TimerKind && !string.IsNullOrEmpty(message.Token) && message.DueAt is not null));
        return valid ? message! : throw new FormatException("A control message lacks its instance id, kind, or timer token and due time.");
    }
}
