using Cobranza.Messaging.Acs;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsConnectionStringTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Parse_ValidString_GivesEndpointAndDecodedKey()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}");

        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), parsed.Endpoint);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccessKey.ToArray());
    }

    [Fact]
    public void Parse_KeysInAnyCaseAndNoTrailingSlash_GivesEndpointWithTrailingSlash()
    {
        // Portal strings have the slash, hand-written ones often do not; key case varies between tools.
        var parsed = AcsConnectionString.Parse($" Endpoint=https://contoso.communication.azure.com ; AccessKey={Key};");

        Assert.Equal("https://contoso.communication.azure.com/", parsed.Endpoint.AbsoluteUri);
        Assert.Equal(32, parsed.AccessKey.Length);
    }

    [Fact]
    public void Parse_MissingAccessKey_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse("endpoint=https://contoso.communication.azure.com/"));

        Assert.Contains("'accesskey'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingEndpoint_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse($"accesskey={Key}"));

        Assert.Contains("'endpoint'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AccessKeyNotBase64_ThrowsNamingTheKeyWithoutShowingIt()
    {
        const string secret = "not*base64*secret";

        var error = Assert.Throws<FormatException>(
            () => AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={secret}"));

        Assert.Contains("'accesskey'", error.Message, StringComparison.Ordinal);
        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Parse_EndpointNotAnHttpUri_ThrowsNamingTheKey()
    {
        var error = Assert.Throws<FormatException>(() => AcsConnectionString.Parse($"endpoint=contoso;accesskey={Key}"));

        Assert.Contains("'endpoint'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ValidString_HidesTheAccessKey()
    {
        var parsed = AcsConnectionString.Parse($"endpoint=https://contoso.communication.azure.com/;accesskey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("contoso.communication.azure.com", parsed.ToString(), StringComparison.Ordinal);
    }
}
