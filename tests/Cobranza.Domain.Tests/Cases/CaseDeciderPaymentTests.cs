using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderPaymentTests
{
    private static readonly DateTimeOffset _stepOneSent = At.Utc("2025-03-06T13:05:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-10T15:00:00Z");

    [Fact]
    public void ReceivePayment_Partial_LowersBalanceAndKeepsTheLadder()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 40_000m, "CLP", _now), _now);

        var paid = outcome.AssertChanged();
        Assert.Equal(110_000m, paid.Balance);
        Assert.Equal(CaseState.Active, paid.State);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
        Assert.Equal(@case.NextActionAt, paid.NextActionAt);
        Assert.Equal(1, paid.CurrentStep);
        Assert.Equal(new CasePayment("PAY-1", 40_000m, "CLP", _now, 40_000m, _now), Assert.Single(paid.Payments));
        Assert.Equal(110_000m, outcome.Event("paymentReceived").Details["balance"]);
    }

    [Fact]
    public void ReceivePayment_WholeBalance_ClosesAsPaidAndClearsTheTimer()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).SentThrough(1, _stepOneSent).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150_000m, "CLP", _now), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(0m, closed.Balance);
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
        Assert.Equal(_now, closed.ClosedAt);
        Assert.Equal(["paymentReceived", "closed"], outcome.HistoryTypes());
        outcome.AssertTimerCleared();
    }

    [Fact]
    public void ReceivePayment_PartialsAddingUpToTheBalance_CloseAsPaid()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).WithPayment("PAY-1", 100_000m, _now.AddDays(-1)).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-2", 50_000m, "CLP", _now), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
        Assert.Equal(2, closed.Payments.Count);
    }

    [Fact]
    public void ReceivePayment_MoreThanTheBalance_ClosesAndRecordsTheExcessAsOverpayment()
    {
        var @case = new CaseBuilder().WithAmount(150_000m).WithPayment("PAY-1", 100_000m, _now.AddDays(-1)).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-2", 80_000m, "CLP", _now), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(0m, closed.Balance);
        Assert.Equal(30_000m, closed.Overpayment);
        Assert.Equal(50_000m, closed.Payments[^1].Applied);
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(30_000m, outcome.Event("paymentReceived").Details["overpayment"]);
    }

    [Fact]
    public void ReceivePayment_SameIdSameContent_Unchanged()
    {
        var @case = new CaseBuilder().WithPayment("PAY-1", 40_000m, _now).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 40_000m, "CLP", _now), _now.AddMinutes(5));

        outcome.AssertUnchanged();
    }

    [Theory]
    [InlineData(41_000, "CLP", 0)]
    [InlineData(40_000, "USD", 0)]
    [InlineData(40_000, "CLP", 1)]
    public void ReceivePayment_SameIdOtherContent_RejectedConflictOnPaymentId(int amount, string currency, int minutesLater)
    {
        var @case = new CaseBuilder().WithPayment("PAY-1", 40_000m, _now).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", amount, currency, _now.AddMinutes(minutesLater)), _now.AddMinutes(5));

        var rejection = outcome.AssertRejected(RejectionKind.Conflict);
        Assert.Equal("paymentId", rejection.Field);
    }

    [Fact]
    public void ReceivePayment_OtherCurrency_RejectedUnprocessableOnCurrency()
    {
        var @case = new CaseBuilder().Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150m, "USD", _now), _now);

        var rejection = outcome.AssertRejected(RejectionKind.Unprocessable);
        Assert.Equal("currency", rejection.Field);
    }

    [Fact]
    public void ReceivePayment_PartialOnHandedOffCase_StaysHandedOff()
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).HandedOff(HandoffTarget.Agency).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", _now.AddDays(40)), _now.AddDays(40));

        var paid = outcome.AssertChanged();
        Assert.Equal(CaseState.HandedOff, paid.State);
        Assert.Equal(HandoffTarget.Agency, paid.HandedOffTo);
        Assert.Equal(100_000m, paid.Balance);
    }

    [Fact]
    public void ReceivePayment_WholeBalanceOnHandedOffCase_ClosesAsPaid()
    {
        var @case = new CaseBuilder().SentThrough(4, At.Utc("2025-03-27T13:05:00Z")).HandedOff().Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150_000m, "CLP", _now.AddDays(40)), _now.AddDays(40));

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
    }

    [Fact]
    public void ReceivePayment_WholeBalanceOnPausedCase_ClosesAsPaid()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150_000m, "CLP", _now), _now);

        var closed = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(ClosedReason.Paid, closed.ClosedReason);
        Assert.Null(closed.PausedFrom);
    }

    [Fact]
    public void ReceivePayment_PartialOnPausedCase_StaysPausedWithoutTimer()
    {
        var @case = new CaseBuilder().SentThrough(1, _stepOneSent).Paused().Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 50_000m, "CLP", _now), _now);

        var paid = outcome.AssertChanged();
        Assert.Equal(CaseState.Paused, paid.State);
        Assert.Equal(100_000m, paid.Balance);
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void ReceivePayment_OnCancelledCase_IsRecordedAndCaseStaysClosed()
    {
        // Money is a fact: it is recorded even when nobody is chasing any more.
        var @case = new CaseBuilder().Closed(ClosedReason.Cancelled).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-1", 150_000m, "CLP", _now), _now);

        var recorded = outcome.AssertChanged();
        Assert.Equal(CaseState.Closed, recorded.State);
        Assert.Equal(ClosedReason.Cancelled, recorded.ClosedReason);
        Assert.Equal(@case.ClosedAt, recorded.ClosedAt);
        Assert.Equal("PAY-1", Assert.Single(recorded.Payments).PaymentId);
        Assert.Equal(["paymentReceived"], outcome.HistoryTypes());
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
    }

    [Fact]
    public void ReceivePayment_OnPaidCase_IsRecordedAsOverpaymentAndBalanceStaysZero()
    {
        var @case = new CaseBuilder().WithPayment("PAY-1", 150_000m, _now.AddDays(-1)).Closed(ClosedReason.Paid).Build();

        var outcome = CaseDecider.Decide(@case, new ReceivePayment("PAY-2", 150_000m, "CLP", _now), _now);

        var recorded = outcome.AssertChanged();
        Assert.Equal(0m, recorded.Balance);
        Assert.Equal(150_000m, recorded.Overpayment);
        Assert.Equal(0m, recorded.Payments[^1].Applied);
        Assert.Equal(CaseState.Closed, recorded.State);
    }
}
