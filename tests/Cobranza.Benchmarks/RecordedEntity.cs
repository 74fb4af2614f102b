using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Cobranza.Benchmarks;

/// <summary>
/// An entity for a replayed write: the properties, types and values of an entity the app wrote (its recorded JSON body,
/// with the <c>@odata.type</c> annotations the Table service uses), under keys of the replay's own; or, without a
/// recorded body, string padding to the recorded size. Storage spends on an entity by its properties, not only its bytes.
/// </summary>
public static class RecordedEntity
{
    public static TableEntity Create(string partitionKey, string rowKey, string? body, int bodyBytes)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        if (string.IsNullOrWhiteSpace(body))
        {
            Pad(entity, bodyBytes - 60 - partitionKey.Length - rowKey.Length);
            return entity;
        }

        using var document = JsonDocument.Parse(body);
        var types = document.RootElement.EnumerateObject()
            .Where(p => p.Name.EndsWith("@odata.type", StringComparison.Ordinal))
            .ToDictionary(p => p.Name[..^"@odata.type".Length], p => p.Value.GetString(), StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name is "PartitionKey" or "RowKey" or "Timestamp" || property.Name.Contains('@', StringComparison.Ordinal) || property.Name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            entity[property.Name] = Value(property.Value, types.GetValueOrDefault(property.Name));
        }

        return entity;
    }

    private static object? Value(JsonElement value, string? type) => (type, value.ValueKind) switch
    {
        ("Edm.DateTime", _) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.Int64", _) => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        ("Edm.Guid", _) => Guid.Parse(value.GetString()!),
        ("Edm.Binary", _) => Convert.FromBase64String(value.GetString()!),
        ("Edm.Double", JsonValueKind.String) => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        (_, JsonValueKind.String) => value.GetString(),
        (_, JsonValueKind.Number) when value.TryGetInt32(out var number) => number,
        (_, JsonValueKind.Number) => value.GetDouble(),
        (_, JsonValueKind.True) => true,
        (_, JsonValueKind.False) => false,
        _ => null,
    };

    /// <summary>String properties of at most 30,000 characters, <paramref name="characters"/> in all.</summary>
    private static void Pad(TableEntity entity, int characters)
    {
        for (var i = 0; characters > 0; i++, characters -= 30_000)
        {
            entity["Pad" + i] = new string('x', Math.Min(characters, 30_000));
        }
    }
}
