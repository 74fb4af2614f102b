using System.Globalization;
using System.Text.Json;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>One property as the client sent it: its JSON value and its OData type annotation, if any (Edm.Int64, Edm.DateTime…).</summary>
internal sealed record EntityProperty(string Name, JsonElement Value, string? EdmType);

/// <summary>
/// A table entity as stored: keys, the properties in the order they were written, and the time stamp the service set,
/// from which its ETag is made. Immutable: a write replaces the whole object, so readers never see half a change.
/// </summary>
internal sealed class StoredEntity
{
    private const string TypeSuffix = "@odata.type";

    private StoredEntity(string partitionKey, string rowKey, IReadOnlyList<EntityProperty> properties, DateTime timestamp)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Properties = properties;
        Timestamp = timestamp;
        ETag = "W/\"datetime'" + Uri.EscapeDataString(FormatTime(timestamp)) + "'\"";
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public IReadOnlyList<EntityProperty> Properties { get; }

    public DateTime Timestamp { get; }

    /// <summary>As the service writes it: <c>W/"datetime'2026-11-24T03%3A36%3A39.1435064Z'"</c>.</summary>
    public string ETag { get; }

    public static string FormatTime(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads an entity body (<c>{"PartitionKey":…,"RowKey":…,"Name":…,"Name@odata.type":…}</c>). The keys come from
    /// the URL when it names them, else from the body; annotations and the client's Timestamp are not properties.
    /// </summary>
    public static (string? PartitionKey, string? RowKey, List<EntityProperty> Properties) Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? partitionKey = null, rowKey = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        var properties = new List<EntityProperty>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "PartitionKey":
                    partitionKey = property.Value.GetString();
                    break;
                case "RowKey":
                    rowKey = property.Value.GetString();
                    break;
                case "Timestamp":
                    break;
                default:
                    if (!property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && !property.Name.StartsWith("odata.", StringComparison.Ordinal))
                    {
                        properties.Add(new EntityProperty(property.Name, property.Value.Clone(), types.GetValueOrDefault(property.Name)));
                    }

                    break;
            }
        }

        return (partitionKey, rowKey, properties);
    }

    public static StoredEntity Create(string partitionKey, string rowKey, IReadOnlyList<EntityProperty> properties, DateTime timestamp) =>
        new(partitionKey, rowKey, properties, timestamp);

    /// <summary>A merge keeps the stored properties the request does not name and replaces the others.</summary>
    public StoredEntity MergedWith(IReadOnlyList<EntityProperty> changes, DateTime timestamp)
    {
        var names = changes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new StoredEntity(PartitionKey, RowKey, [.. Properties.Where(p => !names.Contains(p.Name)), .. changes], timestamp);
    }

    public EntityProperty? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>Writes the entity as the service does with minimal metadata; <paramref name="select"/> limits the properties.</summary>
    public void WriteTo(Utf8JsonWriter writer, IReadOnlySet<string>? select)
    {
        writer.WriteString("odata.etag", ETag);
        if (select is null || select.Contains("PartitionKey"))
        {
            writer.WriteString("PartitionKey", PartitionKey);
        }

        if (select is null || select.Contains("RowKey"))
        {
            writer.WriteString("RowKey", RowKey);
        }

        foreach (var property in Properties)
        {
            if (select is not null && !select.Contains(property.Name))
            {
                continue;
            }

            if (property.EdmType is not null)
            {
                writer.WriteString(property.Name + TypeSuffix, property.EdmType);
            }

            writer.WritePropertyName(property.Name);
            property.Value.WriteTo(writer);
        }

        if (select is null || select.Contains("Timestamp"))
        {
            writer.WriteString("Timestamp", FormatTime(Timestamp));
        }
    }
}
