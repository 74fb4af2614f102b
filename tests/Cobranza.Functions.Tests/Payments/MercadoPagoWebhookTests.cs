using System.Net;
using System.Text.Json;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Payments;

/// <summary>
/// Mercado Pago's notifications, signed as Mercado Pago signs them, against a fake Mercado Pago API on loopback: the
/// app reads each payment from the API and closes, reopens or leaves cases accordingly.
/// </summary>
public sealed class MercadoPagoWebhookTests(MercadoPagoAppFixture fixture) : IClassFixture<MercadoPagoAppFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.App.CreateClientWithoutCredentials();

    private CobranzaApi Api => fixture.Api;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task ApprovedPayment_ForAnOpenCase_ClosesItAsPaid()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));

        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal(("processed", $"mp-{id}:approved"), (answer.GetProperty("status").GetString(), answer.GetProperty("deliveryId").GetString()));
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("closed", "paid", 0m), (c.State, c.ClosedReason, c.Balance));
        Assert.Equal(($"mp-{id}", 1_500.50m, "MXN"), (Assert.Single(c.Payments).PaymentId, c.Payments[0].Amount, c.Payments[0].Currency));
        Assert.Equal("mercadopago", c.History!.Single(h => h.Type == "paymentReceived").Actor);
        Assert.Equal($"Bearer {MercadoPagoObjects.AccessToken}", Assert.Single(fixture.MercadoPago.RequestsFor(id)).Authorization);
    }

    [Fact]
    public async Task Refunded_AfterTheApprovalClosedTheCase_ReopensItWithTheBalanceRestored()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));
        await NotifyAsync(MercadoPagoObjects.Notification(id));
        var paid = await Api.GetCaseAsync(opened.InvoiceId);

        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m, status: "refunded", refunded: 1_500.50m));
        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal("closed", paid.State);
        Assert.Equal($"mp-{id}:refunded", answer.GetProperty("deliveryId").GetString());
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 1_500.50m), (c.State, c.Balance));
        Assert.True(c.Has("paymentReversed") && c.Has("reopened"), string.Join(", ", c.History!.Select(h => h.Type)));
        Assert.Single(c.Payments);
    }

    [Fact]
    public async Task PartialRefund_OfAnApprovedPayment_RestoresThatMuchOfTheBalance()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));
        await NotifyAsync(MercadoPagoObjects.Notification(id));

        // Mercado Pago keeps a partly refunded payment "approved"; only its refunded amount changes.
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m, refunded: 500.50m));
        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal("processed", answer.GetProperty("status").GetString());
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 500.50m), (c.State, c.Balance));
    }

    [Fact]
    public async Task ChargedBack_AfterTheApprovalClosedTheCase_ReopensIt()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));
        await NotifyAsync(MercadoPagoObjects.Notification(id));

        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m, status: "charged_back"));
        await NotifyAsync(MercadoPagoObjects.Notification(id));

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 1_500.50m), (c.State, c.Balance));
        Assert.True(c.Has("reopened"), string.Join(", ", c.History!.Select(h => h.Type)));
    }

    [Fact]
    public async Task ForgedSignature_IsRefusedWith401_ReadsNothingAndChangesNothing()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));

        using var request = MercadoPagoObjects.Notification(id, secret: "not-the-webhook-secret");
        using var response = await _client.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("does not match", Problem.Detail(problem), StringComparison.Ordinal);
        Assert.Empty(fixture.MercadoPago.RequestsFor(id));
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 1_500.50m), (c.State, c.Balance));
        Assert.Empty(c.Payments);
    }

    [Fact]
    public async Task StaleTimestamp_TenMinutesOld_IsRefusedWith401AndChangesNothing()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));

        using var request = MercadoPagoObjects.Notification(id, signedAt: DateTimeOffset.UtcNow.AddMinutes(-10));
        using var response = await _client.SendAsync(request);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("minutes", Problem.Detail(problem), StringComparison.Ordinal);
        Assert.Empty(fixture.MercadoPago.RequestsFor(id));
        Assert.Empty((await Api.GetCaseAsync(opened.InvoiceId)).Payments);
    }

    [Fact]
    public async Task MissingSignature_IsRefusedWith401()
    {
        var id = MercadoPagoObjects.NewPaymentId();
        using var request = MercadoPagoObjects.Notification(id);
        request.Headers.Remove("x-signature");

        using var response = await _client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(fixture.MercadoPago.RequestsFor(id));
    }

    [Fact]
    public async Task SameNotificationTwice_IsAppliedOnce()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 500m));
        using var first = MercadoPagoObjects.Notification(id);
        using var again = await MercadoPagoObjects.CopyAsync(first);

        var firstAnswer = await NotifyAsync(first);
        var secondAnswer = await NotifyAsync(again);

        Assert.Equal(("processed", "duplicate"), (firstAnswer.GetProperty("status").GetString(), secondAnswer.GetProperty("status").GetString()));
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal((1_000.50m, 1), (c.Balance, c.Payments.Count));
        Assert.Equal(1, c.Count("paymentReceived"));
    }

    [Fact]
    public async Task ApiFailingTwiceThenAnswering_TheNotificationIsStillApplied()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));
        fixture.MercadoPago.FailNextRequests(2);

        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal("processed", answer.GetProperty("status").GetString());
        Assert.Equal([500, 500, 200], fixture.MercadoPago.RequestsFor(id).Select(r => r.Status));
        Assert.Equal("closed", (await Api.GetCaseAsync(opened.InvoiceId)).State);
    }

    [Fact]
    public async Task ApiFailingEveryAttempt_Answers503SoMercadoPagoRetries_AndTheRetryApplies()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m));
        fixture.MercadoPago.FailNextRequests(3);

        // Without the contract check: a 503 is the answer wanted here, telling Mercado Pago to send it again.
        using var raw = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var request = MercadoPagoObjects.Notification(id);
        using var retry = await MercadoPagoObjects.CopyAsync(request);
        using var unavailable = await raw.SendAsync(request);
        var failed = await Api.GetCaseAsync(opened.InvoiceId);
        var answer = await NotifyAsync(retry);

        await Problem.AssertAsync(unavailable, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(("active", "processed"), (failed.State, answer.GetProperty("status").GetString()));
        Assert.Equal("closed", (await Api.GetCaseAsync(opened.InvoiceId)).State);
    }

    [Fact]
    public async Task ApprovedPayment_WhoseExternalReferenceNamesNoCase_IsKeptAsUnmatched()
    {
        var id = MercadoPagoObjects.NewPaymentId();
        var invoiceId = Ids.New("MP-NONE");
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, invoiceId, 250m));

        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal("unmatched", answer.GetProperty("events")[0].GetProperty("status").GetString());
        using var response = await Api.GetAsync("api/payments/unmatched");
        var unmatched = await CobranzaApi.ReadAsync<UnmatchedPageDto>(response, HttpStatusCode.OK);
        var kept = Assert.Single(unmatched.Value, p => p.PaymentId == $"mp-{id}");
        Assert.Equal((invoiceId, 250m, "MXN"), (kept.InvoiceId, kept.Amount, kept.Currency));
    }

    [Fact]
    public async Task PendingPayment_IsIgnoredAndLeavesTheCaseOpen()
    {
        var opened = await OpenAsync();
        var id = MercadoPagoObjects.NewPaymentId();
        fixture.MercadoPago.SetPayment(id, MercadoPagoObjects.Payment(id, opened.InvoiceId, 1_500.50m, status: "pending"));

        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id));

        Assert.Equal(("ignored", $"mp-{id}:pending"), (answer.GetProperty("status").GetString(), answer.GetProperty("deliveryId").GetString()));
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 1_500.50m), (c.State, c.Balance));
    }

    [Fact]
    public async Task NotificationOfAnotherType_IsIgnoredWithoutReadingTheApi()
    {
        var id = MercadoPagoObjects.NewPaymentId();

        var answer = await NotifyAsync(MercadoPagoObjects.Notification(id, type: "merchant_order"));

        Assert.Equal("ignored", answer.GetProperty("status").GetString());
        Assert.Empty(fixture.MercadoPago.RequestsFor(id));
    }

    private async Task<CaseDto> OpenAsync() =>
        await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("MP")).NotYetDue().OfAmount(1_500.50m, "MXN"));

    /// <summary>Sends a notification and returns the 200 answer.</summary>
    private async Task<JsonElement> NotifyAsync(HttpRequestMessage notification)
    {
        using (notification)
        {
            using var response = await _client.SendAsync(notification);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
