using Cobranza.Functions.Validation;

namespace Cobranza.Functions.Tests.Validation;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("+5215512345678")]
    [InlineData("+56912345678")]
    [InlineData("+14155552671")]
    [InlineData("+12345678")]
    [InlineData("+123456789012345")]
    [InlineData("+442071838750")]
    public void IsE164_WellFormedNumber_ReturnsTrue(string phone)
    {
        Assert.True(InputRules.IsE164(phone));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("5215512345678")]
    [InlineData("+0215512345678")]
    [InlineData("+52 55 1234 5678")]
    [InlineData("+52-55-1234-5678")]
    [InlineData("+1(415)5552671")]
    [InlineData("++5215512345678")]
    [InlineData(" +5215512345678")]
    [InlineData("+5215512345678 ")]
    [InlineData("+52155123456７8")]
    [InlineData("+52155123456٧8")]
    public void IsE164_MalformedNumber_ReturnsFalse(string? phone)
    {
        Assert.False(InputRules.IsE164(phone));
    }

    [Theory]
    [InlineData("pagos@empresa.com.mx")]
    [InlineData("a@b.co")]
    [InlineData("first.last@example.com")]
    [InlineData("user+tag@example.org")]
    [InlineData("o'brien@example.ie")]
    [InlineData("x!#$%&'*+-/=?^_`{|}~y@example.com")]
    [InlineData("USER@EXAMPLE.COM")]
    [InlineData("user@sub-domain.example.com")]
    [InlineData("user@123.example.com")]
    [InlineData("user@münchen.de")]
    [InlineData("user@xn--mnchen-3ya.de")]
    [InlineData("user@пример.рф")]
    public void IsEmail_PracticalAddress_ReturnsTrue(string email)
    {
        Assert.True(InputRules.IsEmail(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("user@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData(".user@example.com")]
    [InlineData("user.@example.com")]
    [InlineData("us..er@example.com")]
    [InlineData("us er@example.com")]
    [InlineData("\"quoted\"@example.com")]
    [InlineData("user(comment)@example.com")]
    [InlineData("usér@example.com")]
    [InlineData("user@localhost")]
    [InlineData("user@example")]
    [InlineData("user@example.c")]
    [InlineData("user@example.c0m")]
    [InlineData("user@example.123")]
    [InlineData("user@example.com.")]
    [InlineData("user@.example.com")]
    [InlineData("user@example..com")]
    [InlineData("user@-example.com")]
    [InlineData("user@example-.com")]
    [InlineData("user@exa_mple.com")]
    [InlineData("user@[192.168.0.1]")]
    [InlineData("user@192.168.0.1")]
    [InlineData("user@example.com ")]
    [InlineData("Name <user@example.com>")]
    public void IsEmail_MalformedAddress_ReturnsFalse(string? email)
    {
        Assert.False(InputRules.IsEmail(email));
    }

    [Fact]
    public void IsEmail_LocalPartOf64_ReturnsTrueAnd65_ReturnsFalse()
    {
        Assert.True(InputRules.IsEmail(new string('a', 64) + "@example.com"));
        Assert.False(InputRules.IsEmail(new string('a', 65) + "@example.com"));
    }

    [Fact]
    public void IsEmail_LabelOf63_ReturnsTrueAnd64_ReturnsFalse()
    {
        Assert.True(InputRules.IsEmail("user@" + new string('b', 63) + ".com"));
        Assert.False(InputRules.IsEmail("user@" + new string('b', 64) + ".com"));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void IsEmail_TotalLength_AcceptsUpTo254(int shortLabelLength, bool expected)
    {
        // Local part of 64 (its own maximum), so only the total limit can reject: 64 + 1 + 189 = 254 with a
        // two-character label, 255 with a three-character one.
        var domain = string.Join('.', new string('c', 60), new string('d', 60), new string('e', 60), new string('f', shortLabelLength), "com");
        var address = new string('a', 64) + "@" + domain;
        Assert.Equal(252 + shortLabelLength, address.Length);

        Assert.Equal(expected, InputRules.IsEmail(address));
    }

    [Theory]
    [InlineData("America/Mexico_City")]
    [InlineData("America/Santiago")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("America/Port-au-Prince")]
    [InlineData("Europe/Madrid")]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Etc/GMT+5")]
    [InlineData("US/Eastern")]
    public void TryGetTimeZone_IanaId_ReturnsZone(string ianaId)
    {
        var found = InputRules.TryGetTimeZone(ianaId, out var zone);

        Assert.True(found);
        Assert.NotNull(zone);
        Assert.True(zone.HasIanaId);
    }

    [Fact]
    public void TryGetTimeZone_MexicoCity_ReturnsZoneWithMexicanOffset()
    {
        InputRules.TryGetTimeZone("America/Mexico_City", out var zone);

        // Mexico City has stayed on UTC-6 all year since DST was abolished in 2022.
        Assert.NotNull(zone);
        Assert.Equal(TimeSpan.FromHours(-6), zone.GetUtcOffset(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Pacific Standard Time")]
    [InlineData("Central Standard Time (Mexico)")]
    [InlineData("Pacific SA Standard Time")]
    [InlineData("UTC-11")]
    [InlineData("UTC+12")]
    [InlineData("localtime")]
    [InlineData("posixrules")]
    [InlineData("Factory")]
    [InlineData("right/UTC")]
    [InlineData("posix/America/Mexico_City")]
    [InlineData("america/mexico_city")]
    [InlineData("+02:00")]
    [InlineData("-06:00")]
    [InlineData("UTC+02:00")]
    [InlineData("GMT-6")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("America/")]
    [InlineData("/America/Mexico_City")]
    [InlineData("../../etc/passwd")]
    [InlineData("America/Mexico_City ")]
    public void TryGetTimeZone_NonIanaOrHostSpecificId_ReturnsFalse(string? id)
    {
        var found = InputRules.TryGetTimeZone(id, out var zone);

        Assert.False(found);
        Assert.Null(zone);
    }

    [Theory]
    [InlineData("es", "es")]
    [InlineData("en", "en")]
    [InlineData("pt", "pt")]
    [InlineData("ES", "es")]
    [InlineData("es-MX", "es-MX")]
    [InlineData("es-mx", "es-MX")]
    [InlineData("ES-mx", "es-MX")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("en-GB", "en-GB")]
    [InlineData("es-419", "es-419")]
    [InlineData("es-latn", "es-Latn")]
    [InlineData("ES-LATN-419", "es-Latn-419")]
    [InlineData("pt-Latn-br", "pt-Latn-BR")]
    public void TryParseLanguage_SupportedTag_ReturnsCanonicalCasing(string tag, string expected)
    {
        var accepted = InputRules.TryParseLanguage(tag, out var normalized);

        Assert.True(accepted);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fr")]
    [InlineData("fr-CA")]
    [InlineData("e")]
    [InlineData("esp")]
    [InlineData("spa")]
    [InlineData("spanish")]
    [InlineData("es_MX")]
    [InlineData("es-")]
    [InlineData("-es")]
    [InlineData("es--MX")]
    [InlineData("es-M")]
    [InlineData("es-MEX")]
    [InlineData("es-41")]
    [InlineData("es-MX-Latn")]
    [InlineData("es-MX-MX")]
    [InlineData("es-ES-valencia")]
    [InlineData("en-US-u-ca-gregory")]
    [InlineData(" es")]
    [InlineData("es-MX ")]
    [InlineData("es-Ｍx")]
    public void TryParseLanguage_UnsupportedTag_ReturnsFalse(string? tag)
    {
        var accepted = InputRules.TryParseLanguage(tag, out var normalized);

        Assert.False(accepted);
        Assert.Null(normalized);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("debtor-42")]
    [InlineData("tenant_01:case.2026-11")]
    [InlineData("ABCxyz0123456789")]
    [InlineData(".hidden")]
    public void IsValidId_AllowedCharacters_ReturnsTrue(string id)
    {
        Assert.True(InputRules.IsValidId(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("debtor 42")]
    [InlineData("tenant/debtor")]
    [InlineData("tenant\\debtor")]
    [InlineData("case#1")]
    [InlineData("case?1")]
    [InlineData("año-1")]
    [InlineData("case\t1")]
    [InlineData("case\n1")]
    [InlineData("id.")]
    [InlineData(".")]
    [InlineData("..")]
    public void IsValidId_ForbiddenCharacterOrTrailingDot_ReturnsFalse(string? id)
    {
        Assert.False(InputRules.IsValidId(id));
    }

    [Fact]
    public void IsValidId_LengthOf64_ReturnsTrueAnd65_ReturnsFalse()
    {
        Assert.True(InputRules.IsValidId(new string('x', 64)));
        Assert.False(InputRules.IsValidId(new string('x', 65)));
    }
}
