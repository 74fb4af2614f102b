using Cobranza.Messaging.Acs;

namespace Cobranza.Messaging.Tests.Acs;

public sealed class AcsIdsTests
{
    [Fact]
    public void FromIdempotencyKey_SameKey_GivesSameId()
    {
        Assert.Equal(AcsIds.FromIdempotencyKey("case-1/step-1/email"), AcsIds.FromIdempotencyKey("case-1/step-1/email"));
    }

    [Fact]
    public void FromIdempotencyKey_DifferentKeys_GiveDifferentIds()
    {
        Assert.NotEqual(AcsIds.FromIdempotencyKey("case-1/step-1/email"), AcsIds.FromIdempotencyKey("case-1/step-2/email"));
    }

    [Fact]
    public void FromIdempotencyKey_AnyKey_IsAVersion8Rfc9562Uuid()
    {
        var id = AcsIds.FromIdempotencyKey("case-1/step-1/email").ToString("D");

        Assert.Equal('8', id[14]);
        Assert.Contains(id[19], "89ab");
    }
}
