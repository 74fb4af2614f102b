using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// A JSON body under construction: a <see cref="JsonNode"/> tree changed by path (<c>debtor.id</c>, <c>steps[0].wait</c>,
/// <c>[0].data.from</c>), where a value can also be raw JSON text that <see cref="JsonNode"/> could not hold as written
/// (<c>1e400</c>, <c>-0</c>, a lone surrogate escape <c>"\ud800"</c>): it goes in as a placeholder string and is
/// substituted when the body is rendered.
/// </summary>
public sealed class FuzzJson(JsonNode root)
{
    private static readonly JsonSerializerOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<string, string> _raw = new(StringComparer.Ordinal);

    public JsonNode Root { get; } = root;

    /// <summary>A value that renders as exactly <paramref name="json"/>.</summary>
    public JsonNode Raw(string json)
    {
        var token = $"@@raw{_raw.Count}@@";
        _raw[token] = json;
        return JsonValue.Create(token);
    }

    public string Render(bool indented = false) =>
        Substitute(Root.ToJsonString(indented ? new JsonSerializerOptions(Writer) { WriteIndented = true } : Writer));

    /// <summary>Renders a node that is not (or not yet) in the tree, with this body's raw values.</summary>
    public string RenderNode(JsonNode? node) => node is null ? "null" : Substitute(node.ToJsonString(Writer));

    private string Substitute(string text)
    {
        foreach (var (token, json) in _raw)
        {
            text = text.Replace("\"" + token + "\"", json, StringComparison.Ordinal);
        }

        return text;
    }

    public JsonNode? Get(string path)
    {
        JsonNode? node = Root;
        foreach (var step in Parse(path))
        {
            node = step.Index is { } i
                ? node is JsonArray a && i < a.Count ? a[i] : null
                : node is JsonObject o && o.TryGetPropertyValue(step.Name!, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public bool Has(string path)
    {
        var (parent, last) = Parent(path);
        return last.Index is { } i ? parent is JsonArray a && i < a.Count : parent is JsonObject o && o.ContainsKey(last.Name!);
    }

    /// <summary>Sets the value at <paramref name="path"/> (its parent must exist); false when it does not.</summary>
    public bool Set(string path, JsonNode? value)
    {
        var (parent, last) = Parent(path);
        switch (parent)
        {
            case JsonObject o when last.Name is { } name:
                o[name] = value;
                return true;
            case JsonArray a when last.Index is { } i && i < a.Count:
                a[i] = value;
                return true;
            default:
                return false;
        }
    }

    public bool Remove(string path)
    {
        var (parent, last) = Parent(path);
        switch (parent)
        {
            case JsonObject o when last.Name is { } name:
                return o.Remove(name);
            case JsonArray a when last.Index is { } i && i < a.Count:
                a.RemoveAt(i);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Every path in the tree below the root (objects and arrays included), in document order.</summary>
    public List<string> Paths()
    {
        var paths = new List<string>();
        Walk(Root, "", paths);
        return paths;
    }

    /// <summary>Every path whose value is an object (the root is "").</summary>
    public List<string> ObjectPaths() => [.. new[] { "" }.Where(_ => Root is JsonObject).Concat(Paths().Where(p => Get(p) is JsonObject))];

    private static void Walk(JsonNode? node, string prefix, List<string> paths)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    // Names with path syntax in them cannot be addressed; the templates have none.
                    if (name.Contains('.', StringComparison.Ordinal) || name.Contains('[', StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var path = prefix.Length == 0 ? name : prefix + "." + name;
                    paths.Add(path);
                    Walk(child, path, paths);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var path = prefix + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    paths.Add(path);
                    Walk(a[i], path, paths);
                }

                break;
        }
    }

    private (JsonNode? Parent, Step Last) Parent(string path)
    {
        var steps = Parse(path);
        JsonNode? parent = Root;
        foreach (var step in steps[..^1])
        {
            parent = step.Index is { } i
                ? parent is JsonArray a && i < a.Count ? a[i] : null
                : parent is JsonObject o && o.TryGetPropertyValue(step.Name!, out var child) ? child : null;
        }

        return (parent, steps[^1]);
    }

    private readonly record struct Step(string? Name, int? Index);

    private static List<Step> Parse(string path)
    {
        var steps = new List<Step>();
        foreach (var segment in path.Split('.'))
        {
            var rest = segment;
            var bracket = rest.IndexOf('[', StringComparison.Ordinal);
            if (bracket != 0)
            {
                steps.Add(new Step(bracket < 0 ? rest : rest[..bracket], null));
                rest = bracket < 0 ? "" : rest[bracket..];
            }

            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                steps.Add(new Step(null, int.Parse(rest[1..close], CultureInfo.InvariantCulture)));
                rest = rest[(close + 1)..];
            }
        }

        return steps;
    }

    /// <summary>A JSON string literal (quotes and escapes included) for <paramref name="text"/>.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Writer);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
