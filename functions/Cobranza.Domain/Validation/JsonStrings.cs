using System.Text.Json;

namespace Cobranza.Domain;

/// <summary>
/// Reads a JSON string defensively: a value of another kind, or a string holding a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>, which <see cref="JsonElement.GetString"/> refuses with an exception), is simply not a string we accept.
/// </summary>
public static class JsonStrings
{
    public static bool TryGet(JsonElement element, out string value)
    {
        value = "";
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Not valid UTF-16 text: the caller reports the field as invalid.
            return false;
        }
    }

    /// <summary>A property's name, unless it is not valid text (a lone surrogate escape, invalid UTF-8).</summary>
    public static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            // The caller reports an unreadable field name on the enclosing object.
            name = "";
            return false;
        }
    }

    /// <summary>
    /// Whether every property name in the tree is valid text. Looking a property up by name (TryGetProperty) throws on an
    /// object holding an unreadable name, so a document is checked once, whole, before it is read.
    /// </summary>
    public static bool AllNamesReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryGetName(property, out _) || !AllNamesReadable(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                return element.EnumerateArray().All(AllNamesReadable);
            default:
                return true;
        }
    }

    /// <summary>A value quoted back in an error message, cut short so a huge input does not make a huge answer.</summary>
    public static string Quote(string value) => value.Length <= 64 ? value : value[..64] + "…";

    /// <summary>The string, or null when the element is not a readable string.</summary>
    public static string? GetOrNull(JsonElement element) => TryGet(element, out var value) ? value : null;
}
