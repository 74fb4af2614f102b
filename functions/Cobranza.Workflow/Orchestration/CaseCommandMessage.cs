using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>
/// A command on its way to a case's orchestration: the external event <see cref="CaseOrchestrator.CommandEvent"/>, or a
/// completion an activity returned. Commands travel as (type, JSON) because <see cref="CaseCommand"/> is polymorphic.
/// </summary>
/// <param name="Id">Set when a caller waits for the outcome: the orchestration reports it under this id
/// (<see cref="CaseReply"/>); null for a command nobody waits for.</param>
/// <param name="Type">The command's type name, camelCase (<c>receivePayment</c>).</param>
/// <param name="Payload">The command as JSON (<see cref="CobranzaJson"/>).</param>
/// <param name="Actor">Who caused it: <c>erp</c>, <c>payments</c>, <c>system</c>, a staff key id.</param>
public sealed record CaseCommandMessage(string? Id, string Type, string Payload, string Actor)
{
    // Every concrete command of the domain, found once: a command added there can never be forgotten here.
    private static readonly Dictionary<string, Type> Types = typeof(CaseCommand).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(CaseCommand)) && !type.IsAbstract)
        .ToDictionary(NameOf, type => type, StringComparer.Ordinal);

    public static CaseCommandMessage From(CaseCommand command, string actor, string? id = null) =>
        new(id, NameOf(command.GetType()), JsonSerializer.Serialize(command, command.GetType(), CobranzaJson.Options), actor);

    public CaseCommand Decode() =>
        Types.TryGetValue(Type, out var type)
            ? (CaseCommand)JsonSerializer.Deserialize(Payload, type, CobranzaJson.Options)!
            : throw new InvalidOperationException($"Unknown case command type '{Type}'.");

    private static string NameOf(Type type) => char.ToLowerInvariant(type.Name[0]) + type.Name[1..];
}
