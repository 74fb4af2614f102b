using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cobranza.Messaging.Acs;

/// <summary>How the ACS request and response bodies are (de)serialized: camelCase, nulls left out.</summary>
internal static class AcsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ByteArrayContent Content<T>(T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException e)
        {
            throw new MessageSendException("ACS answered with a body that is not the expected JSON.", isTransient: true, innerException: e);
        }
    }
}
