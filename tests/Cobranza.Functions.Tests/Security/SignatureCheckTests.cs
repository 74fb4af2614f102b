using System.Text;
using Cobranza.Functions.Http;
using Cobranza.Functions.Security;
using Outcome = Cobranza.Functions.Security.SignatureCheck.Outcome;

namespace Cobranza.Functions.Tests.Security;

public sealed class SignatureCheckTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] _body = Encoding.UTF8.GetBytes("{\"invoiceId\":\"F-1\",\"amount\":1250.50}");

    [Fact]
    public void Verify_SignatureByAnyConfiguredSecret_IsValid()
    {
        var header = WebhookSignature.Create("new", _now, _body);

        Assert.Equal(Outcome.Valid, SignatureCheck.Verify(header, _body, ["old", "new"], _now));
    }

    [Fact]
    public void Verify_ReadmeWorkedExample_IsValid()
    {
        // The example in the README's "Signing a webhook" section, so that the documented figures stay true.
        var body = Encoding.UTF8.GetBytes("{\"paymentId\":\"PAY-1\",\"invoiceId\":\"F-2026-0001\",\"amount\":100.00,\"currency\":\"MXN\",\"paidAt\":\"2026-11-24T12:00:00Z\"}");
        const string header = "t=1795521600,v1=" + ReadmeExampleSignature;

        Assert.Equal(Outcome.Valid, SignatureCheck.Verify(header, body, ["whsec-ejemplo"], DateTimeOffset.FromUnixTimeSeconds(1795521600)));
    }

    [Theory]
    [InlineData(299, Outcome.Valid)]
    [InlineData(-299, Outcome.Valid)]
    [InlineData(301, Outcome.Stale)]
    [InlineData(-301, Outcome.Stale)]
    public void Verify_TimestampAgainstTheFiveMinuteTolerance(int secondsAway, Outcome expected)
    {
        var header = WebhookSignature.Create("s", _now.AddSeconds(secondsAway), _body);

        Assert.Equal(expected, SignatureCheck.Verify(header, _body, ["s"], _now));
    }

    [Theory]
    [InlineData(null, Outcome.Missing)]
    [InlineData("", Outcome.Missing)]
    [InlineData("t=1795521600", Outcome.Malformed)]
    [InlineData("v1=00", Outcome.Malformed)]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000", Outcome.Malformed)]
    [InlineData("t=99999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000", Outcome.Malformed)]
    [InlineData("t=1795521600,v1=zz00000000000000000000000000000000000000000000000000000000000000", Outcome.Malformed)]
    [InlineData("t=1795521600,t=1795521601,v1=0000000000000000000000000000000000000000000000000000000000000000", Outcome.Malformed)]
    [InlineData("nonsense", Outcome.Malformed)]
    public void Verify_MissingOrMalformedHeader_IsRefused(string? header, Outcome expected)
    {
        Assert.Equal(expected, SignatureCheck.Verify(header, _body, ["s"], DateTimeOffset.FromUnixTimeSeconds(1795521600)));
    }

    [Fact]
    public void Verify_OtherBodyOrSecret_IsAMismatch()
    {
        var header = WebhookSignature.Create("s", _now, _body);

        Assert.Equal(Outcome.Mismatch, SignatureCheck.Verify(header, [.. _body, (byte)' '], ["s"], _now));
        Assert.Equal(Outcome.Mismatch, SignatureCheck.Verify(header, _body, ["other"], _now));
        Assert.Equal(Outcome.Mismatch, SignatureCheck.Verify(header, _body, [], _now));
    }

    [Fact]
    public void Verify_UnknownSchemesBesideV1_AreIgnored()
    {
        var header = "v0=legacy," + WebhookSignature.Create("s", _now, _body);

        Assert.Equal(Outcome.Valid, SignatureCheck.Verify(header, _body, ["s"], _now));
    }

    private const string ReadmeExampleSignature = "1b1a58cf9b0fa028f514234ccec53290ff0fcff97735d8b2d2eba9b3808c885f";
}
