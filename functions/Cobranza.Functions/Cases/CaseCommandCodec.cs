using System.Text.Json;
using Cobranza.Domain;
using Cobranza.Durable;

namespace Cobranza.Functions.Cases;

/// <summary>Turns typed case commands into the runtime's (type, JSON payload) commands and back.</summary>
public static class CaseCommandCodec
{
    // Every concrete command of the domain, found once: a command added there can never be forgotten here.
    private static readonly Dictionary<string, Type> Types = typeof(CaseCommand).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(CaseCommand)) && !type.IsAbstract && type != typeof(FireTimer))
        .ToDictionary(NameOf, type => type, StringComparer.Ordinal);

    public static InstanceCommand Encode(CaseCommand command, string actor) =>
        new(NameOf(command.GetType()), JsonSerializer.Serialize(command, command.GetType(), CobranzaJson.Options), actor);

    public static CaseCommand Decode(InstanceCommand command)
    {
        if (command.Type == InstanceCommand.TimerFiredType)
        {
            var fired = JsonSerializer.Deserialize<TimerFired>(command.Payload, CobranzaJson.Options)!;
            return new FireTimer(fired.Tag, fired.DueAt);
        }

        return Types.TryGetValue(command.Type, out var type)
            ? (CaseCommand)JsonSerializer.Deserialize(command.Payload, type, CobranzaJson.Options)!
            : throw new ArgumentOutOfRangeException(nameof(command), command.Type, "Unknown case command type.");
    }

    private static string NameOf(Type type) => char.ToLowerInvariant(type.Name[0]) + type.Name[1..];
}
