using System.Collections.Frozen;
using System.Reflection;
using Cobranza.Domain;

namespace Cobranza.Messaging.Templates;

/// <summary>
/// The templates embedded in this assembly from <c>Templates/Shipped/{templateId}.{language}.{channel}.liquid</c>. They
/// are parsed and checked once, on first use; a shipped file that does not validate is a build defect and throws.
/// </summary>
internal static class ShippedTemplates
{
    private const string ResourcePrefix = "Cobranza.Messaging.Templates.Shipped.";
    private const string ResourceSuffix = ".liquid";

    private static readonly Lazy<FrozenDictionary<TemplateKey, (string Text, CompiledTemplate Template)>> _all = new(Load);

    /// <summary>Every shipped template.</summary>
    public static IEnumerable<TemplateKey> Keys => _all.Value.Keys;

    public static CompiledTemplate? Find(TemplateKey key) => _all.Value.TryGetValue(key, out var entry) ? entry.Template : null;

    public static string? TextOf(TemplateKey key) => _all.Value.TryGetValue(key, out var entry) ? entry.Text : null;

    private static FrozenDictionary<TemplateKey, (string, CompiledTemplate)> Load()
    {
        var assembly = typeof(ShippedTemplates).Assembly;
        var result = new Dictionary<TemplateKey, (string, CompiledTemplate)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = name[ResourcePrefix.Length..^ResourceSuffix.Length].Split('.');
            if (parts.Length != 3 || !TemplateKey.TryParseChannel(parts[2], out var channel)
                || !TemplateKey.TryCreate(parts[0], parts[1], channel, out var key, out var keyError))
            {
                throw new InvalidOperationException($"Shipped template resource '{name}' is not named {{templateId}}.{{language}}.{{channel}}.liquid.");
            }

            var text = Read(assembly, name);
            if (!TemplateValidator.TryCompile(text, key, isOverride: false, out var template, out var errors))
            {
                throw new InvalidOperationException($"Shipped template {key} is invalid: {string.Join(" ", errors)}");
            }

            result.Add(key, (text, template!));
        }

        return result.ToFrozenDictionary();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
