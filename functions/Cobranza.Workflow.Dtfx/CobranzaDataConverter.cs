using System.Text.Json;
using Cobranza.Domain;
using DurableTask.Core.Serializing;

namespace Cobranza.Workflow.Dtfx;

/// <summary>
/// DTFx's client serializes what it sends (an orchestration's input, an event's data) with this, and the Durable Task
/// SDK's shims read it with a <c>JsonDataConverter</c> over the same <see cref="CobranzaJson.Options"/>, so both ends
/// speak one JSON.
/// </summary>
internal sealed class CobranzaDataConverter : DataConverter
{
    public override string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), CobranzaJson.Options);

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => JsonSerializer.Deserialize(data, objectType, CobranzaJson.Options)!;
}
