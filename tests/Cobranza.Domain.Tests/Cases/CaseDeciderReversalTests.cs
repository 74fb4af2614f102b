using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;
using CsCheck;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderReversalTests
{
    private static readonly DateTimeOffset _stepTwoSent = At.Utc("2025-03-12T13:05:00Z");
    private static readonly DateTimeOffset _paidAt = At.Utc("2025-03-13T15:00:00Z");
    private static readonly DateTimeOffset _now = At.Utc("2025-03-14T15:00:00Z");

    /// <summary>A case at step 2, closed by one payment of <paramref name="paid"/>.</summary>
    private static DunningCase PaidCase(decimal paid = CaseBuilder.Amount)
    {
        var @case = new CaseBuilder().SentThrough(2, _stepTwoSent).Build();
        return CaseDecider.Decide(@case, new ReceivePayment("PAY-1", paid, CaseBuilder.Currency, _paidAt), _paidAt).AssertChanged();
    }

    [Fact]
    public void ReversePayment_WholeRefundOfThePaymentThatClosedTheCase_ReopensItAtItsStepWithTheBalanceBack()
    {
        var paid = PaidCase();
        Assert.Equal(CaseState.Closed, paid.State);

        var outcome = CaseDecider.Decide(paid, new ReversePayment("PAY-1", PaymentReversal.Refund, CaseBuilder.Amount), _now);

        var reopened = outcome.AssertChanged();
        Assert.Equal((CaseState.Active, (ClosedReason?)null, (DateTimeOffset?)null), (reopened.State, reopened.ClosedReason, reopened.ClosedAt));
        Assert.Equal((2, CaseBuilder.Amount), (reopened.CurrentStep, reopened.Balance));
        Assert.Equal(["paymentReversed", "reopened"], outcome.HistoryTypes());
        Assert.Equal(2, outcome.Event("reopened").Details["step"]);
        Assert.IsType<CaseTimer.SetTimer>(outcome.Timer);
    }

    [Fact]
    public void ReversePayment_PartialRefundsAsARunningTotal_RaiseTheBalanceByTheDifferenceOnly()
    {
        var paid = PaidCase();

        var first = CaseDecider.Decide(paid, new ReversePayment("PAY-1", PaymentReversal.Refund, 30_000m), _now).AssertChanged();
        var second = CaseDecider.Decide(first, new ReversePayment("PAY-1", PaymentReversal.Refund, 50_000m), _now).AssertChanged();

        Assert.Equal((30_000m, 50_000m), (first.Balance, second.Balance));
        Assert.Equal(50_000m, Assert.Single(second.Payments).Refunded);
        CaseDecider.Decide(second, new ReversePayment("PAY-1", PaymentReversal.Refund, 50_000m), _now).AssertUnchanged();
    }

    [Fact]
    public void ReversePayment_ChargebackThenDisputeWon_ReopensThenClosesAsPaidAgain()
    {
        var paid = PaidCase();
        var disputed = CaseDecider.Decide(paid, new ReversePayment("PAY-1", PaymentReversal.Chargeback, CaseBuilder.Amount), _now).AssertChanged();

        var won = CaseDecider.Decide(disputed, new ReversePayment("PAY-1", PaymentReversal.Chargeback, 0m), _now.AddDays(30));

        var closed = won.AssertChanged();
        Assert.Equal(CaseState.Active, disputed.State);
        Assert.Equal((CaseState.Closed, ClosedReason.Paid, 0m), (closed.State, closed.ClosedReason, closed.Balance));
        Assert.Equal(["paymentReversed", "closed"], won.HistoryTypes());
        won.AssertTimerCleared();
    }

    [Fact]
    public void ReversePayment_RefundOfTheOverpaidPart_LeavesTheCaseClosed()
    {
        var overpaid = PaidCase(CaseBuilder.Amount + 20_000m);
        Assert.Equal(20_000m, overpaid.Overpayment);

        var outcome = CaseDecider.Decide(overpaid, new ReversePayment("PAY-1", PaymentReversal.Refund, 20_000m), _now);

        var refunded = outcome.AssertChanged();
        Assert.Equal((CaseState.Closed, 0m, 0m), (refunded.State, refunded.Balance, refunded.Overpayment));
        Assert.Equal(["paymentReversed"], outcome.HistoryTypes());
    }

    [Fact]
    public void ReversePayment_DisputeWonAfterAnotherPaymentSettledTheInvoice_BecomesAnOverpayment()
    {
        var disputed = CaseDecider.Decide(PaidCase(), new ReversePayment("PAY-1", PaymentReversal.Chargeback, CaseBuilder.Amount), _now).AssertChanged();
        var repaid = CaseDecider.Decide(disputed, new ReceivePayment("PAY-2", CaseBuilder.Amount, CaseBuilder.Currency, _now), _now).AssertChanged();

        var won = CaseDecider.Decide(repaid, new ReversePayment("PAY-1", PaymentReversal.Chargeback, 0m), _now).AssertChanged();

        Assert.Equal((CaseState.Closed, 0m, CaseBuilder.Amount), (won.State, won.Balance, won.Overpayment));
    }

    [Fact]
    public void ReversePayment_OnAWrittenOffCase_RaisesTheBalanceButTheCaseStaysClosed()
    {
        var @case = new CaseBuilder().WithPayment("PAY-1", 50_000m, _paidAt).Closed(ClosedReason.WrittenOff).Build();

        var outcome = CaseDecider.Decide(@case, new ReversePayment("PAY-1", PaymentReversal.Refund, 50_000m), _now);

        var refunded = outcome.AssertChanged();
        Assert.Equal((CaseState.Closed, ClosedReason.WrittenOff), (refunded.State, refunded.ClosedReason));
        Assert.Equal(@case.Balance + 50_000m, refunded.Balance);
    }

    [Fact]
    public void ReversePayment_UnknownPayment_IsNotFound()
    {
        CaseDecider.Decide(PaidCase(), new ReversePayment("PAY-9", PaymentReversal.Refund, 1m), _now).AssertRejected(RejectionKind.NotFound);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(150_001)]
    public void ReversePayment_TotalOutsideZeroToTheAmount_IsUnprocessable(decimal total)
    {
        CaseDecider.Decide(PaidCase(), new ReversePayment("PAY-1", PaymentReversal.Refund, total), _now).AssertRejected(RejectionKind.Unprocessable);
    }

    [Fact]
    public void PaymentsAndReversals_InAnyOrder_ConserveMoney()
    {
        // Whatever arrives, balance - overpayment = amount - what the payments still count for.
        var ops = Gen.Frequency(
            (3, Gen.Select(Gen.Int[0, 3], Gen.Int[1, 100_000]).Select(x => (Pay: true, Id: x.Item1, Value: (decimal)x.Item2, Kind: PaymentReversal.Refund))),
            (2, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 100_000], Gen.Bool).Select(x => (Pay: false, Id: x.Item1, Value: (decimal)x.Item2, Kind: x.Item3 ? PaymentReversal.Refund : PaymentReversal.Chargeback))));
        ops.Array[1, 30].Sample(sequence =>
        {
            var @case = new CaseBuilder().SentThrough(1, _stepTwoSent).Build();
            foreach (var op in sequence)
            {
                CaseCommand command = op.Pay
                    ? new ReceivePayment($"PAY-{op.Id}", op.Value, CaseBuilder.Currency, _paidAt)
                    : new ReversePayment($"PAY-{op.Id}", op.Kind, op.Value);
                var outcome = CaseDecider.Decide(@case, command, _now);
                @case = outcome.State ?? @case;
                var counted = @case.Payments.Sum(p => p.Amount - p.Reversed);
                Assert.Equal(CaseBuilder.Amount - counted, @case.Balance - @case.Overpayment);
                Assert.True(@case.Balance >= 0 && @case.Overpayment >= 0);
                Assert.Equal(@case.Balance == 0, @case.State == CaseState.Closed);
            }
        });
    }
}
