using System.Text.Json;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>The Table service's JSON bodies (minimal metadata): one entity, a page of entities, an error.</summary>
internal static class TableJson
{
    public const string ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";

    public static byte[] Entity(string metadata, StoredEntity entity, IReadOnlySet<string>? select) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("odata.metadata", metadata);
        entity.WriteTo(writer, select);
        writer.WriteEndObject();
    });

    public static byte[] Page(string metadata, IEnumerable<StoredEntity> entities, IReadOnlySet<string>? select) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("odata.metadata", metadata);
        writer.WriteStartArray("value");
        foreach (var entity in entities)
        {
            writer.WriteStartObject();
            entity.WriteTo(writer, select);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <param name="prefix">In a transaction, the index of the refused operation and a colon.</param>
    public static byte[] Error(TableError error, string prefix = "") => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("odata.error");
        writer.WriteString("code", error.Code);
        writer.WriteStartObject("message");
        writer.WriteString("lang", "en-US");
        writer.WriteString("value", $"{prefix}{error.Message}\nRequestId:{Guid.NewGuid()}\nTime:{StoredEntity.FormatTime(DateTime.UtcNow)}");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
