using System.Text.Json;
using Cobranza.Domain;

namespace Cobranza.Workflow;

/// <summary>Numbers a decision's history entries after the case's last one, as the case store keeps them.</summary>
public static class CaseHistory
{
    public static IReadOnlyList<CaseHistoryEntry> Number(IReadOnlyList<CaseEvent> events, long lastSeq, string actor, DateTimeOffset at) =>
        [.. events.Select((e, i) => new CaseHistoryEntry(lastSeq + i + 1, at, e.Type, actor, JsonSerializer.Serialize(e.Details, CobranzaJson.Options)))];
}
