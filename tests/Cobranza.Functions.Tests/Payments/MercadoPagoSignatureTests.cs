using Cobranza.Functions.Payments.Providers.MercadoPago;

namespace Cobranza.Functions.Tests.Payments;

public sealed class MercadoPagoSignatureTests
{
    private const string Secret = "your-secret";
    private const string RequestId = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e";

    // Computed outside .NET:
    // python3 -c "import hmac,hashlib; print(hmac.new(b'your-secret', b'id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1704908010;', hashlib.sha256).hexdigest())"
    private const string KnownV1 = "897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca";

    // python3 -c "import hmac,hashlib; print(hmac.new(b'your-secret', b'id:abc123def;ts:1704908010123;', hashlib.sha256).hexdigest())"
    private const string KnownV1WithoutRequestIdInMilliseconds = "d6880f74bcc11661d3325c79ff2169c55e55d8b80604f8ab54617ea4125b0406";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1704908010);

    [Fact]
    public void Manifest_IsIdRequestIdAndTs_EachEndedBySemicolon()
    {
        Assert.Equal($"id:123456;request-id:{RequestId};ts:1704908010;", MercadoPagoSignature.Manifest("123456", RequestId, "1704908010"));
    }

    [Fact]
    public void Manifest_LowerCasesAnAlphanumericDataId()
    {
        Assert.Equal($"id:abc123def;request-id:{RequestId};ts:1;", MercadoPagoSignature.Manifest("ABC123def", RequestId, "1"));
    }

    [Fact]
    public void Manifest_LeavesOutWhatDidNotComeWithTheNotification()
    {
        Assert.Equal(("id:42;ts:7;", $"request-id:{RequestId};ts:7;"), (MercadoPagoSignature.Manifest("42", null, "7"), MercadoPagoSignature.Manifest(null, RequestId, "7")));
    }

    [Fact]
    public void Sign_MatchesAnHmacComputedIndependently()
    {
        Assert.Equal(KnownV1, MercadoPagoSignature.Sign(Secret, $"id:123456;request-id:{RequestId};ts:1704908010;"));
    }

    [Fact]
    public void Verify_TheIndependentlyComputedSignature_IsValid()
    {
        Assert.Equal(MercadoPagoSignature.Outcome.Valid, MercadoPagoSignature.Verify($"ts=1704908010,v1={KnownV1}", "123456", RequestId, Secret, SignedAt.AddMinutes(1)));
    }

    [Fact]
    public void Verify_PartsInAnyOrderWithSpaces_AreRead()
    {
        Assert.Equal(MercadoPagoSignature.Outcome.Valid, MercadoPagoSignature.Verify($" v1={KnownV1} , ts=1704908010 ", "123456", RequestId, Secret, SignedAt));
    }

    [Fact]
    public void Verify_TsInMilliseconds_WithoutRequestId_IsValid()
    {
        var outcome = MercadoPagoSignature.Verify($"ts=1704908010123,v1={KnownV1WithoutRequestIdInMilliseconds}", "ABC123DEF", null, Secret, SignedAt.AddSeconds(30));

        Assert.Equal(MercadoPagoSignature.Outcome.Valid, outcome);
    }

    [Theory]
    [InlineData("another-secret", "123456", RequestId)]
    [InlineData(Secret, "123457", RequestId)]
    [InlineData(Secret, "123456", "cc56a2f1-6aae-46ac-982e-9dcd3581d08e")]
    [InlineData(Secret, "123456", null)]
    public void Verify_AnotherSecretPaymentOrRequest_IsAMismatch(string secret, string dataId, string? requestId)
    {
        Assert.Equal(MercadoPagoSignature.Outcome.Mismatch, MercadoPagoSignature.Verify($"ts=1704908010,v1={KnownV1}", dataId, requestId, secret, SignedAt));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Verify_TheRightSignatureMoreThanFiveMinutesFromTheClock_IsStale(int minutes)
    {
        Assert.Equal(MercadoPagoSignature.Outcome.Stale, MercadoPagoSignature.Verify($"ts=1704908010,v1={KnownV1}", "123456", RequestId, Secret, SignedAt.AddMinutes(-minutes)));
    }

    [Theory]
    [InlineData(null, MercadoPagoSignature.Outcome.Missing)]
    [InlineData("  ", MercadoPagoSignature.Outcome.Missing)]
    [InlineData("ts=1704908010", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("v1=897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("ts=abc,v1=897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("ts=1704908010,v1=897e45", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("ts=1704908010;v1=897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("ts=1704908010,ts=1704908011,v1=897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca", MercadoPagoSignature.Outcome.Malformed)]
    [InlineData("ts=99999999999999999999,v1=897e4529674d28e1327c0753aebd6f38d6792b0727d93ffe3fcfcc2181ff03ca", MercadoPagoSignature.Outcome.Malformed)]
    public void Verify_AHeaderThatIsNotTsAndV1_IsRefused(string? header, MercadoPagoSignature.Outcome expected)
    {
        Assert.Equal(expected, MercadoPagoSignature.Verify(header, "123456", RequestId, Secret, SignedAt));
    }
}
