using System.Globalization;

namespace Cobranza.Domain.Tests.Builders;

/// <summary>Instants written the way they read in a test: <c>At.Utc("2025-03-06T13:00:00Z")</c>.</summary>
public static class At
{
    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
