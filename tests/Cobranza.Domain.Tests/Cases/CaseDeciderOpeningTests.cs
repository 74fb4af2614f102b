using Cobranza.Domain.Tests.Builders;
using Cobranza.Domain.Tests.Support;

namespace Cobranza.Domain.Tests.Cases;

public sealed class CaseDeciderOpeningTests
{
    private static readonly DateTimeOffset _openedAt = At.Utc("2025-03-05T13:00:00Z");

    [Fact]
    public void Decide_OpenWithoutCase_CreatesActiveCaseWithBalanceEqualToAmount()
    {
        var open = new OpenCaseBuilder().WithAmount(150_000m).WithCurrency("CLP").Build();

        var outcome = CaseDecider.Decide(null, open, _openedAt);

        Assert.Equal(ReplyKind.Created, outcome.Reply);
        Assert.Null(outcome.Rejection);
        var @case = outcome.State;
        Assert.NotNull(@case);
        Assert.Equal(CaseState.Active, @case.State);
        Assert.Equal(150_000m, @case.Amount);
        Assert.Equal(150_000m, @case.Balance);
        Assert.Equal("CLP", @case.Currency);
        Assert.Equal(0, @case.CurrentStep);
        Assert.Equal(_openedAt, @case.OpenedAt);
        Assert.Same(open.Policy, @case.Policy);
        Assert.Equal(["opened"], outcome.HistoryTypes());
        Assert.Empty(outcome.Effects);
    }

    [Fact]
    public void Decide_OpenAfterDueDate_SchedulesStepOneAtOpeningPlusWait()
    {
        var open = new OpenCaseBuilder().DueOn(new DateOnly(2025, 3, 3)).Build();

        var outcome = CaseDecider.Decide(null, open, _openedAt);

        outcome.AssertTimer("step:1", At.Utc("2025-03-06T13:00:00Z"));
    }

    [Fact]
    public void Decide_OpenBeforeDueDate_SchedulesStepOneFromStartOfDueDayInDebtorZone()
    {
        // Santiago is at -03 in March: the due day starts at 03:00 UTC, not at midnight UTC.
        var open = new OpenCaseBuilder().DueOn(new DateOnly(2025, 3, 3)).Build();

        var outcome = CaseDecider.Decide(null, open, At.Utc("2025-02-20T12:00:00Z"));

        outcome.AssertTimer("step:1", At.Utc("2025-03-04T03:00:00Z"));
    }

    [Fact]
    public void Decide_OpenWithLongerFirstWait_UsesThePolicysFirstStepWait()
    {
        var policy = PolicyBuilder.Standard().WithWait(1, "PT6H").Build();
        var open = new OpenCaseBuilder().WithPolicy(policy).Build();

        var outcome = CaseDecider.Decide(null, open, _openedAt);

        outcome.AssertTimer("step:1", At.Utc("2025-03-05T19:00:00Z"));
    }

    [Fact]
    public void Decide_OtherCommandWithoutCase_RejectedNotFound()
    {
        var outcome = CaseDecider.Decide(null, new ReceivePayment("PAY-1", 1_000m, "CLP", _openedAt), _openedAt);

        outcome.AssertRejected(RejectionKind.NotFound);
    }

    [Fact]
    public void Decide_SameInvoiceSameData_Unchanged()
    {
        var open = new OpenCaseBuilder().Build();
        var @case = CaseDecider.Decide(null, open, _openedAt).State;

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().Build(), _openedAt.AddDays(1));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void Decide_SameInvoiceWithNewContactData_UpdatesDebtorWithoutCreating()
    {
        var @case = CaseDecider.Decide(null, new OpenCaseBuilder().Build(), _openedAt).State;
        var moved = new DebtorBuilder().WithEmail("tesoreria@losandes.cl").Build();

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithDebtor(moved).Build(), _openedAt.AddDays(1));

        var updated = outcome.AssertChanged();
        Assert.Equal("tesoreria@losandes.cl", updated.Debtor.Email);
        Assert.Equal(["debtorUpdated"], outcome.HistoryTypes());
        Assert.Equal(CaseTimer.Keep, outcome.Timer);
        Assert.Equal(CaseState.Active, updated.State);
    }

    [Fact]
    public void Decide_SameInvoiceWithNewInvoiceNumber_RecordsInvoiceUpdated()
    {
        var @case = CaseDecider.Decide(null, new OpenCaseBuilder().Build(), _openedAt).State;

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithInvoiceNumber("0042-B").Build(), _openedAt.AddDays(1));

        var updated = outcome.AssertChanged();
        Assert.Equal("0042-B", updated.InvoiceNumber);
        Assert.Equal(["invoiceUpdated"], outcome.HistoryTypes());
    }

    [Fact]
    public void Decide_SameInvoiceWithoutOptionalFields_Unchanged()
    {
        // A later delivery that omits the invoice number or payment URL does not erase them.
        var @case = CaseDecider.Decide(null, new OpenCaseBuilder().Build(), _openedAt).State;

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithInvoiceNumber(null).WithPaymentUrl(null).Build(), _openedAt.AddDays(1));

        outcome.AssertUnchanged();
    }

    [Fact]
    public void Decide_SameInvoiceOtherAmount_RejectedConflictOnAmount()
    {
        var @case = CaseDecider.Decide(null, new OpenCaseBuilder().WithAmount(150_000m).Build(), _openedAt).State;

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithAmount(160_000m).Build(), _openedAt.AddDays(1));

        var rejection = outcome.AssertRejected(RejectionKind.Conflict);
        Assert.Equal("amount", rejection.Field);
    }

    [Fact]
    public void Decide_SameInvoiceOtherCurrency_RejectedConflictOnCurrency()
    {
        var @case = CaseDecider.Decide(null, new OpenCaseBuilder().WithCurrency("CLP").Build(), _openedAt).State;

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().WithCurrency("USD").Build(), _openedAt.AddDays(1));

        var rejection = outcome.AssertRejected(RejectionKind.Conflict);
        Assert.Equal("currency", rejection.Field);
    }

    [Fact]
    public void Decide_SameInvoiceOnClosedCase_Unchanged()
    {
        var @case = new CaseBuilder().Closed(ClosedReason.Paid).Build();

        var outcome = CaseDecider.Decide(@case, new OpenCaseBuilder().Build(), _openedAt.AddDays(40));

        outcome.AssertUnchanged();
    }
}
