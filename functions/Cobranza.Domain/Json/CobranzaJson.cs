using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cobranza.Domain;

/// <summary>
/// The one JSON convention of the API and of stored state: camelCase names and enum values, amounts as JSON numbers
/// read into <see cref="decimal"/>, <c>*On</c> dates as YYYY-MM-DD, <c>*At</c> instants as RFC 3339 in UTC, durations
/// as ISO 8601.
/// </summary>
public static class CobranzaJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Readable names (Pérez, São Paulo) in responses; the API is JSON, never embedded in HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // {"amount": 10, "amount": 1000} is ambiguous (parsers disagree on which wins): refuse it rather than guess.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcInstantConverter());
        options.Converters.Add(new IsoDurationConverter());
        return options;
    }

    /// <summary>Writes instants as RFC 3339 UTC (<c>2026-11-23T10:00:00Z</c>); reads any RFC 3339 offset.</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is null || !DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"],
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                || !(text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-'))
            {
                throw new JsonException($"'{text}' is not an RFC 3339 date-time with an offset (e.g. 2026-11-23T10:00:00Z).");
            }

            return value.ToUniversalTime();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    private sealed class IsoDurationConverter : JsonConverter<IsoDuration>
    {
        public override IsoDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IsoDuration.TryParse(reader.GetString(), out var duration, out var error)
                ? duration
                : throw new JsonException($"The duration {error}.");

        public override void Write(Utf8JsonWriter writer, IsoDuration value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
