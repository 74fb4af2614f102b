using Cobranza.Messaging.Templates;

namespace Cobranza.Messaging.Tests.Templates;

public sealed class SmsSegmentsTests
{
    [Fact]
    public void Count_160Gsm7Characters_IsOneSegment()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 1, 160), SmsSegments.Count(new string('a', 160)));
    }

    [Fact]
    public void Count_161Gsm7Characters_IsTwoSegments()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 2, 161), SmsSegments.Count(new string('a', 161)));
    }

    [Theory]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Count_LongGsm7Text_Uses153CharacterParts(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Count(new string('e', length)).Segments);
    }

    [Fact]
    public void Count_70Ucs2Characters_IsOneSegment()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 1, 70), SmsSegments.Count("á" + new string('a', 69)));
    }

    [Fact]
    public void Count_71Ucs2Characters_IsTwoSegments()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 2, 71), SmsSegments.Count("á" + new string('a', 70)));
    }

    [Theory]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_LongUcs2Text_Uses67UnitParts(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Count("ó" + new string('a', length - 1)).Segments);
    }

    [Fact]
    public void Count_EuroSign_CountsTwoSeptets()
    {
        var count = SmsSegments.Count("€");

        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 1, 2), count);
    }

    [Fact]
    public void Count_80EuroSigns_Are160SeptetsInOneSegmentAnd81AreTwo()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 1, 160), SmsSegments.Count(new string('€', 80)));
        Assert.Equal(2, SmsSegments.Count(new string('€', 81)).Segments);
    }

    [Fact]
    public void Count_EscapePairAtPartBoundary_IsNotSplit()
    {
        // 152 septets then "€" (2): 154 would overflow the first 153-septet part, so "€" starts the second; 161 in all.
        var text = new string('a', 152) + "€" + new string('a', 7);

        var count = SmsSegments.Count(text);

        Assert.Equal(161, count.Characters);
        Assert.Equal(2, count.Segments);
    }

    [Fact]
    public void Count_ExtensionTableCharacters_EachCountTwo()
    {
        Assert.Equal(18, SmsSegments.Count("^{}\\[~]|€").Characters);
    }

    [Theory]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ó")]
    [InlineData("ú")]
    [InlineData("ç")]
    [InlineData("ã")]
    [InlineData("ê")]
    public void Count_AccentOutsideGsm7_ForcesUcs2(string accent)
    {
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("Factura vencida " + accent).Encoding);
    }

    [Fact]
    public void Count_SpanishCharactersInGsm7_StayGsm7()
    {
        var count = SmsSegments.Count("¿Pago? ¡Año! éñÑüÜàòùìèÇÉ@£$¥§");

        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 1, 30), count);
    }

    [Fact]
    public void Count_SurrogatePair_CountsTwoUnitsAndIsNotSplit()
    {
        var emoji = "\U0001F4B0";
        var text = new string('a', 66) + emoji + new string('a', 5);

        var count = SmsSegments.Count(text);

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(73, count.Characters);
        Assert.Equal(2, count.Segments);
    }

    [Fact]
    public void Count_EmptyText_NeedsNoSegment()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 0, 0), SmsSegments.Count(""));
    }

    [Fact]
    public void FoldAccents_SpanishAndPortugueseText_BecomesGsm7()
    {
        var text = "Último aviso: la factura de João está en cobrança; ¿pagó? Não, ainda não. Ação, você, pôr, lâmpada. ÁÍÓÚ";

        var folded = SmsText.FoldAccents(text);

        Assert.Equal("Ultimo aviso: la factura de Joao esta en cobranca; ¿pago? Nao, ainda nao. Acao, voce, por, lampada. AIOU", folded);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(folded).Encoding);
    }

    [Fact]
    public void FoldAccents_CharactersAlreadyInGsm7_AreKept()
    {
        const string text = "é ñ Ñ ü à ò ù ì è ¿ ¡ Ç É € {}";

        Assert.Equal(text, SmsText.FoldAccents(text));
    }

    [Fact]
    public void FoldAccents_TypographyAndDecomposedAccents_BecomePlainGsm7()
    {
        var folded = SmsText.FoldAccents("“Pago” – 1\u00A0500 … it’s a\u0301");

        Assert.Equal("\"Pago\" - 1 500 ... it's a", folded);
    }

    [Fact]
    public void FoldAccents_CharacterWithNoGsm7Equivalent_IsKept()
    {
        Assert.Equal("Pago \U0001F4B0 日", SmsText.FoldAccents("Pago \U0001F4B0 日"));
    }
}
