using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Domain;
using Cobranza.Functions.Payments.Providers;
using Cobranza.Functions.Payments.Providers.Stripe;

namespace Cobranza.Functions.Tests.Payments;

public sealed class StripeEventReaderTests
{
    [Theory]
    [InlineData(1099, "usd", "10.99")]
    [InlineData(150000, "clp", "150000")]
    [InlineData(5000, "jpy", "5000")]
    [InlineData(12345, "kwd", "12.345")]
    [InlineData(250050, "mxn", "2500.50")]
    public void FromMinorUnits_UsesStripesDecimalsForTheCurrency(long amount, string currency, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), StripeAmounts.FromMinorUnits(amount, currency));
    }

    [Fact]
    public void PaymentIntentSucceeded_IsAPaymentNamedByThePaymentIntentForTheInvoiceInItsMetadata()
    {
        var reading = Read("payment_intent.succeeded", StripeObjects.PaymentIntent("pi_1", "F-1", 1099));

        var payment = Assert.IsType<ProviderPayment>(Assert.Single(reading.Events));
        Assert.Equal(("pi_1", "F-1", 10.99m, "USD"), (payment.PaymentId, payment.InvoiceId, payment.Amount, payment.Currency));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1234567890), payment.PaidAt);
    }

    [Fact]
    public void PaymentIntentSucceeded_WithAnotherMetadataKey_ReadsThatKey()
    {
        var intent = StripeObjects.PaymentIntent("pi_1", null, 1099);
        intent["metadata"] = new JsonObject { ["factura"] = "F-9" };

        var reading = StripeEventReader.Read(Envelope("payment_intent.succeeded", intent), "factura");

        Assert.Equal("F-9", Assert.IsType<ProviderPayment>(Assert.Single(reading.Events)).InvoiceId);
    }

    [Fact]
    public void ChargeSucceeded_OfAPaymentIntentWithoutInvoiceMetadata_IsLeftToThePaymentIntentsEvent()
    {
        Assert.Empty(Read("charge.succeeded", StripeObjects.Charge("ch_1", "pi_1", 1099)).Events);
    }

    [Fact]
    public void ChargeSucceeded_WithoutPaymentIntent_IsAPaymentNamedByTheCharge()
    {
        var payment = Assert.IsType<ProviderPayment>(Assert.Single(Read("charge.succeeded", StripeObjects.Charge("ch_1", null, 1099)).Events));

        Assert.Equal(("ch_1", (string?)null), (payment.PaymentId, payment.InvoiceId));
    }

    [Fact]
    public void CheckoutSessionCompleted_Unpaid_IsIgnored_Paid_NamesTheInvoiceByClientReference()
    {
        var session = StripeObjects.CheckoutSession("pi_1", "F-7", 1099);
        var unpaid = session.DeepClone().AsObject();
        unpaid["payment_status"] = "unpaid";

        var paid = Assert.IsType<ProviderPayment>(Assert.Single(Read("checkout.session.completed", session).Events));

        Assert.Empty(Read("checkout.session.completed", unpaid).Events);
        Assert.Equal(("pi_1", "F-7", 10.99m), (paid.PaymentId, paid.InvoiceId, paid.Amount));
    }

    [Theory]
    [InlineData("charge.dispute.created", "needs_response", 1000)]
    [InlineData("charge.dispute.closed", "lost", 1000)]
    [InlineData("charge.dispute.closed", "won", 0)]
    public void Dispute_IsAChargebackTotalOfTheDisputedPayment(string type, string status, long total)
    {
        var reading = Read(type, StripeObjects.Dispute("ch_1", "pi_1", 1000, status));

        var reversal = Assert.IsType<ProviderReversal>(Assert.Single(reading.Events));
        Assert.Equal(("pi_1", PaymentReversal.Chargeback, total / 100m), (reversal.PaymentId, reversal.Kind, reversal.Total));
    }

    [Fact]
    public void ChargeRefunded_IsTheRunningRefundTotalAsOfTheEvent()
    {
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        var reading = StripeEventReader.Read(Envelope("charge.refunded", StripeObjects.Charge("ch_1", "pi_1", 1099, refunded: 500), at), "invoice_id");

        var reversal = Assert.IsType<ProviderReversal>(Assert.Single(reading.Events));
        Assert.Equal(("pi_1", PaymentReversal.Refund, 5.00m, at), (reversal.PaymentId, reversal.Kind, reversal.Total, reversal.AsOf));
    }

    private static ProviderReading Read(string type, JsonObject dataObject) => StripeEventReader.Read(Envelope(type, dataObject), "invoice_id");

    private static JsonElement Envelope(string type, JsonObject dataObject, DateTimeOffset? at = null) =>
        JsonDocument.Parse(StripeObjects.Event(type, dataObject, at, "evt_test").ToJsonString()).RootElement.Clone();
}
