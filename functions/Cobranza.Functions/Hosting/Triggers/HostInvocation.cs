using System.Globalization;
using System.Text.Json;

namespace Cobranza.Functions.Hosting.Triggers;

/// <summary>
/// The body the Azure Functions host POSTs to a custom handler for a non-HTTP trigger: <c>{"Data": {binding: value},
/// "Metadata": {name: value}}</c>. Read as the host writes it (azure-functions-host,
/// src/WebJobs.Script/Workers/ScriptInvocationContextExtensions.cs, <c>GetHttpScriptInvocationContextValue</c>): an
/// object becomes a JSON object, anything else goes through <c>JsonConvert.SerializeObject</c>, so a queue message's text
/// arrives as a JSON string holding the JSON-encoded string (<c>"\"{...}\""</c>) and a metadata number such as
/// <c>DequeueCount</c> as a string (<c>"1"</c>). The documented example
/// (https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload) shows the text and the
/// count plainly, so both forms are accepted. Pure: parsing only.
/// </summary>
public sealed class HostInvocation
{
    private HostInvocation(JsonElement data, JsonElement metadata)
    {
        Data = data;
        Metadata = metadata;
    }

    /// <summary>The trigger and input binding values, by binding name.</summary>
    public JsonElement Data { get; }

    /// <summary>The trigger's metadata (an empty object when the host sent none).</summary>
    public JsonElement Metadata { get; }

    /// <summary>Parses the body; a body that is not such an object throws <see cref="InvalidHostInvocationException"/> naming the field.</summary>
    public static HostInvocation Parse(string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidHostInvocationException("body", $"The body is not JSON: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidHostInvocationException("body", "The body must be a JSON object with Data and Metadata.");
        }

        if (!root.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidHostInvocationException("Data", "Data must be an object holding the trigger's value under its binding name.");
        }

        var metadata = root.TryGetProperty("Metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m
            : JsonDocument.Parse("{}").RootElement.Clone();
        return new HostInvocation(data, metadata);
    }

    /// <summary>The text of a queue message bound as <paramref name="binding"/> (the host's JSON encoding undone).</summary>
    public string QueueMessageText(string binding)
    {
        var field = $"Data.{binding}";
        if (!Data.TryGetProperty(binding, out var value))
        {
            throw new InvalidHostInvocationException(field, $"{field} (the queue message) is missing.");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.StartsWith('"'))
                {
                    // JsonConvert.SerializeObject(string): the message text as a JSON string literal.
                    try
                    {
                        return JsonSerializer.Deserialize<string>(text) ?? throw new InvalidHostInvocationException(field, $"{field} is null.");
                    }
                    catch (JsonException)
                    {
                        throw new InvalidHostInvocationException(field, $"{field} starts with a quote but is not a JSON string.");
                    }
                }

                return text;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                // A message the host read as JSON and passed as such.
                return value.GetRawText();
            default:
                throw new InvalidHostInvocationException(field, $"{field} must be the message text; it is {value.ValueKind}.");
        }
    }

    /// <summary>The queue's count of receives of the message (<c>Metadata.DequeueCount</c>, 1 the first time).</summary>
    public long DequeueCount()
    {
        const string field = "Metadata.DequeueCount";
        if (!Metadata.TryGetProperty("DequeueCount", out var value))
        {
            throw new InvalidHostInvocationException(field, $"{field} is missing.");
        }

        var count = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => -1,
        };
        return count >= 1 ? count : throw new InvalidHostInvocationException(field, $"{field} must be a whole number from 1.");
    }

    /// <summary>Whether the timer trigger bound as <paramref name="binding"/> is running late (<c>IsPastDue</c>); false when not said.</summary>
    public bool TimerIsPastDue(string binding)
    {
        var field = $"Data.{binding}";
        if (!Data.TryGetProperty(binding, out var timer))
        {
            throw new InvalidHostInvocationException(field, $"{field} (the timer information) is missing.");
        }

        if (timer.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidHostInvocationException(field, $"{field} must be the timer information object.");
        }

        return timer.TryGetProperty("IsPastDue", out var pastDue) && pastDue.ValueKind == JsonValueKind.True;
    }
}

/// <summary>A host invocation body that cannot be read; <see cref="Field"/> names what is wrong (<c>Data.message</c>).</summary>
public sealed class InvalidHostInvocationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
