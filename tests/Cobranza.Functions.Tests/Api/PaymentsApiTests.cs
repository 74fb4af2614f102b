using System.Net;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class PaymentsApiTests(AppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task Payment_InAnotherCurrencyThanTheCase_Returns422AndChangesNothing()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("PAY")).NotYetDue());

        using var response = await Api.PostAsync("api/payments", PaymentBody.For(c.InvoiceId, 100.00m, "MXN").ToJson());

        var detail = Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Contains("MXN", detail);
        Assert.Contains("USD", detail);
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal((100.00m, "active", 0), (after.Balance, after.State, after.Payments.Count));
    }

    [Fact]
    public async Task Payment_SameDeliveryAgain_Returns200WithTheSameAnswerAndAppliesItOnce()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("PAY")).NotYetDue());
        var payment = PaymentBody.For(c.InvoiceId, 30.00m);
        var first = await Api.PayAsync(payment);

        var again = await Api.PayAsync(payment, HttpStatusCode.OK);

        Assert.Equal(first, again);
        Assert.Equal("applied", again.Status);
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal((70.00m, 1), (after.Balance, after.Payments.Count));
    }

    [Fact]
    public async Task Payment_SameIdOtherAmount_Returns409AndKeepsTheFirst()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("PAY")).NotYetDue());
        var payment = PaymentBody.For(c.InvoiceId, 30.00m);
        await Api.PayAsync(payment);

        using var response = await Api.PostAsync("api/payments", payment.With("amount", 31.00m).ToJson());

        Assert.Contains(payment.PaymentId, Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.Conflict)));
        Assert.Equal(70.00m, (await Api.GetCaseAsync(c.InvoiceId)).Balance);
    }

    [Theory]
    [InlineData("paidAt", null, "paidAt")]
    [InlineData("paidAt", "\"2026-11-20\"", "paidAt")]
    [InlineData("paidAt", "\"2999-01-01T00:00:00Z\"", "paidAt")]
    [InlineData("paidAt", "\"1899-12-31T00:00:00Z\"", "paidAt")]
    [InlineData("amount", "1e30", "amount")]
    [InlineData("currency", "\"dollars\"", "currency")]
    [InlineData("amount", "1.234", "amount")]
    [InlineData("amount", "\"12\"", "amount")]
    [InlineData("amount", "0", "amount")]
    [InlineData("paymentId", "\"pay 1\"", "paymentId")]
    [InlineData("invoiceId", null, "invoiceId")]
    public async Task Payment_InvalidField_Returns400NamingTheField(string path, string? json, string errorKey)
    {
        var payment = PaymentBody.For(Ids.New("PAY"), 10.00m);
        payment = json is null ? payment.Without(path) : payment.WithRaw(path, json);

        using var response = await Api.PostAsync("api/payments", payment.ToJson());

        await Problem.AssertValidationAsync(response, errorKey);
    }

    [Fact]
    public async Task Payment_ForAnInvoiceWithoutCase_IsUnmatchedAndAppliedAutomaticallyWhenTheCaseOpens()
    {
        var body = CaseBody.Valid(Ids.New("EARLY")).NotYetDue();
        var payment = PaymentBody.For(body.InvoiceId, 25.00m);

        var received = await Api.PayAsync(payment);
        Assert.Equal("unmatched", received.Status);
        Assert.Contains(await UnmatchedAsync(), p => p.PaymentId == payment.PaymentId);

        var opened = await Api.OpenCaseAsync(body);

        Assert.Equal(75.00m, opened.Balance);
        Assert.Equal(payment.PaymentId, Assert.Single(opened.Payments).PaymentId);
        Assert.DoesNotContain(await UnmatchedAsync(), p => p.PaymentId == payment.PaymentId);
        var redelivered = await Api.PayAsync(payment, HttpStatusCode.OK);
        Assert.Equal("applied", redelivered.Status);
    }

    [Fact]
    public async Task MatchPayment_UnmatchedPaymentToAnOpenCase_AppliesItAndASecondMatchIs409()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("MATCH")).NotYetDue());
        var payment = PaymentBody.For(Ids.New("TYPO"), 40.00m);
        await Api.PayAsync(payment);

        using var match = await Api.PostAsync($"api/payments/unmatched/{payment.PaymentId}/match", new JsonObject { ["invoiceId"] = c.InvoiceId });

        var matched = await CobranzaApi.ReadAsync<PaymentResponseDto>(match, HttpStatusCode.OK);
        Assert.Equal(new PaymentResponseDto(payment.PaymentId, c.InvoiceId, "applied"), matched);
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal((60.00m, payment.PaymentId), (after.Balance, Assert.Single(after.Payments).PaymentId));
        Assert.DoesNotContain(await UnmatchedAsync(), p => p.PaymentId == payment.PaymentId);
        using var second = await Api.PostAsync($"api/payments/unmatched/{payment.PaymentId}/match", new JsonObject { ["invoiceId"] = c.InvoiceId });
        await Problem.AssertAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MatchPayment_ThenThePaymentWebhookRedeliversTheOriginal_Returns200NotAConflict()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("MATCH")).NotYetDue());
        var payment = PaymentBody.For(Ids.New("TYPO"), 40.00m);
        await Api.PayAsync(payment);
        using var match = await Api.PostAsync($"api/payments/unmatched/{payment.PaymentId}/match", new JsonObject { ["invoiceId"] = c.InvoiceId });
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);

        // The provider retries the very delivery it made before (say its first attempt timed out): same id, same content.
        using var redelivery = await Api.PostAsync("api/payments", payment.ToJson());

        var body = await redelivery.Content.ReadAsStringAsync();
        Assert.True(redelivery.StatusCode == HttpStatusCode.OK, $"a redelivery of the same payment should answer 200, got {(int)redelivery.StatusCode}: {body}");
        Assert.Equal(60.00m, (await Api.GetCaseAsync(c.InvoiceId)).Balance);
    }

    [Fact]
    public async Task MatchPayment_UnknownPayment_Returns404()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("MATCH")).NotYetDue());

        using var response = await Api.PostAsync($"api/payments/unmatched/{Ids.New("nopay")}/match", new JsonObject { ["invoiceId"] = c.InvoiceId });

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Payment_OnAClosedCase_IsRecordedAndTheCaseStaysClosed()
    {
        var c = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("LATE")).NotYetDue());
        await Api.ActAsync(c.InvoiceId, "cancel", new JsonObject { ["reason"] = "Credit note" });

        var received = await Api.PayAsync(PaymentBody.For(c.InvoiceId, 100.00m));

        Assert.Equal("applied", received.Status);
        var after = await Api.GetCaseAsync(c.InvoiceId);
        Assert.Equal(("closed", "cancelled", 0m), (after.State, after.ClosedReason, after.Balance));
        Assert.Single(after.Payments);
    }

    private async Task<List<UnmatchedPaymentDto>> UnmatchedAsync()
    {
        using var response = await Api.GetAsync("api/payments/unmatched");
        return (await CobranzaApi.ReadAsync<UnmatchedPageDto>(response, HttpStatusCode.OK)).Value;
    }
}
