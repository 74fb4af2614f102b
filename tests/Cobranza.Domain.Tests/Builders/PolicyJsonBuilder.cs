using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cobranza.Domain.Tests.Builders;

/// <summary>
/// A valid two-step policy document as a mutable JSON tree; each test breaks the one field it is about with
/// <see cref="With"/> or <see cref="Without"/>.
/// </summary>
public sealed class PolicyJsonBuilder
{
    private readonly JsonObject _document = new()
    {
        ["description"] = "Dos pasos y traspaso a cobranza externa.",
        ["steps"] = new JsonArray(
            new JsonObject { ["wait"] = "P1D", ["channels"] = new JsonArray("email"), ["template"] = "recordatorio-amable", ["tone"] = "friendly" },
            new JsonObject { ["wait"] = "P7D", ["channels"] = new JsonArray("email", "sms"), ["template"] = "ultimo-aviso", ["tone"] = "final" }),
        ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P14D" },
        ["promiseGrace"] = "P3D",
    };

    /// <summary>Sets the value at <paramref name="path"/> (dots and [i], e.g. <c>steps[0].wait</c>).</summary>
    public PolicyJsonBuilder With(string path, JsonNode? value)
    {
        var (parent, key, index) = Locate(path);
        if (index is { } i)
        {
            parent.AsArray()[i] = value;
        }
        else
        {
            parent.AsObject()[key!] = value;
        }

        return this;
    }

    /// <summary>Removes the property at <paramref name="path"/>.</summary>
    public PolicyJsonBuilder Without(string path)
    {
        var (parent, key, _) = Locate(path);
        parent.AsObject().Remove(key!);
        return this;
    }

    public string ToJson() => _document.ToJsonString();

    public JsonElement Build() => JsonDocument.Parse(ToJson()).RootElement;

    private (JsonNode Parent, string? Key, int? Index) Locate(string path)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode node = _document;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Step(node, parts[i]);
        }

        var last = parts[^1];
        return last.StartsWith('[') ? (node, null, int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)) : (node, last, null);
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[')
            ? node.AsArray()[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]!
            : node.AsObject()[part]!;
}
