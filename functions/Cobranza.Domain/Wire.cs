namespace Cobranza.Domain;

/// <summary>How enum values are spelled on the wire and in storage: camelCase (<c>handedOff</c>, <c>writtenOff</c>).</summary>
public static class Wire
{
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
