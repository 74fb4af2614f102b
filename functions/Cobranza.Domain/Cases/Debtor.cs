using System.Text.Json.Serialization;
namespace Cobranza.Domain;

/// <summary>
/// Who owes the invoice and how to reach them. <see cref="Language"/> is a normalised BCP 47 tag (es, en or pt, with an
/// optional region); <see cref="TimeZone"/> an IANA zone id; at least one of email and phone (E.164) is present.
/// </summary>
public sealed record Debtor(string Id, string Name, string? Email, string? Phone, string Language, string TimeZone)
{
    [JsonIgnore] // derived: not part of the stored state
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The address of <paramref name="channel"/>, or null when the debtor has none.</summary>
    public string? AddressFor(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.Sms => Phone,
        _ => null,
    };
}
