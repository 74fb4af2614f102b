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

    /// <summary>The string, or null when the element is not a readable string.</summary>
    public static string? GetOrNull(JsonElement element) => TryGet(element, out var value) ? value : null;
}
