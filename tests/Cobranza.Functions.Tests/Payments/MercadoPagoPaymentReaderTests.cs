using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Domain;
using Cobranza.Functions.Payments.Providers;
using Cobranza.Functions.Payments.Providers.MercadoPago;

namespace Cobranza.Functions.Tests.Payments;

public sealed class MercadoPagoPaymentReaderTests
{
    private const long Id = 1234567890;

    [Fact]
    public void Approved_IsAPaymentForTheInvoiceInExternalReference_PaidWhenApproved()
    {
        var reading = Read(Payment("approved"));

        Assert.Equal("mp-1234567890:approved", reading.DeliveryId);
        var payment = Assert.IsType<ProviderPayment>(Assert.Single(reading.Events));
        Assert.Equal(("mp-1234567890", "F-1", 1500.50m, "MXN"), (payment.PaymentId, payment.InvoiceId, payment.Amount, payment.Currency));
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T10:00:05.000-04:00", System.Globalization.CultureInfo.InvariantCulture), payment.PaidAt);
    }

    [Fact]
    public void Approved_WithoutExternalReference_IsAPaymentOfNoInvoice()
    {
        var payment = Payment("approved");
        payment["external_reference"] = null;

        Assert.Null(Assert.IsType<ProviderPayment>(Assert.Single(Read(payment).Events)).InvoiceId);
    }

    [Fact]
    public void Approved_WithoutDateApproved_IsPaidWhenCreated()
    {
        var payment = Payment("approved");
        payment.Remove("date_approved");

        Assert.Equal(DateTimeOffset.Parse("2026-03-01T10:00:00.000-04:00", System.Globalization.CultureInfo.InvariantCulture),
            Assert.IsType<ProviderPayment>(Assert.Single(Read(payment).Events)).PaidAt);
    }

    [Fact]
    public void Refunded_IsThePaymentAndARefundOfTheRefundedAmountAsOfTheLastUpdate()
    {
        var reading = Read(Payment("refunded", refunded: 1500.50m));

        Assert.Equal("mp-1234567890:refunded", reading.DeliveryId);
        Assert.IsType<ProviderPayment>(reading.Events[0]);
        var refund = Assert.IsType<ProviderReversal>(reading.Events[1]);
        Assert.Equal(("mp-1234567890", PaymentReversal.Refund, 1500.50m), (refund.PaymentId, refund.Kind, refund.Total));
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T09:00:00.000-04:00", System.Globalization.CultureInfo.InvariantCulture), refund.AsOf);
    }

    [Fact]
    public void Refunded_WithoutARefundedAmount_RefundsTheWholePayment()
    {
        var payment = Payment("refunded");
        payment.Remove("transaction_amount_refunded");

        Assert.Equal(1500.50m, Assert.IsType<ProviderReversal>(Read(payment).Events[1]).Total);
    }

    [Fact]
    public void Approved_PartlyRefunded_IsARefundOfTheRunningTotal_DeliveredOncePerTotal()
    {
        var reading = Read(Payment("approved", refunded: 500m));

        Assert.Equal("mp-1234567890:approved:refunded=500", reading.DeliveryId);
        Assert.Equal(500m, Assert.IsType<ProviderReversal>(reading.Events[1]).Total);
    }

    [Fact]
    public void ChargedBack_IsThePaymentAndAChargebackOfTheWholeAmount()
    {
        var reading = Read(Payment("charged_back"));

        Assert.Equal("mp-1234567890:charged_back", reading.DeliveryId);
        var chargeback = Assert.IsType<ProviderReversal>(reading.Events[1]);
        Assert.Equal((PaymentReversal.Chargeback, 1500.50m), (chargeback.Kind, chargeback.Total));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("in_process")]
    [InlineData("rejected")]
    [InlineData("cancelled")]
    [InlineData("in_mediation")]
    public void StatusesThatMoveNoMoney_AreIgnored_ButStillHaveADeliveryId(string status)
    {
        var reading = Read(Payment(status));

        Assert.Empty(reading.Events);
        Assert.Equal($"mp-1234567890:{status}", reading.DeliveryId);
    }

    [Fact]
    public void CurrencyInLowerCase_IsUpperCased()
    {
        var payment = Payment("approved");
        payment["currency_id"] = "clp";

        Assert.Equal("CLP", Assert.IsType<ProviderPayment>(Assert.Single(Read(payment).Events)).Currency);
    }

    [Fact]
    public void WithoutCurrency_CannotBeRead()
    {
        var payment = Payment("approved");
        payment.Remove("currency_id");

        Assert.Throws<FormatException>(() => Read(payment));
    }

    private static JsonObject Payment(string status, decimal refunded = 0m) => new()
    {
        ["id"] = Id,
        ["status"] = status,
        ["transaction_amount"] = 1500.50m,
        ["transaction_amount_refunded"] = refunded,
        ["currency_id"] = "MXN",
        ["external_reference"] = "F-1",
        ["date_created"] = "2026-03-01T10:00:00.000-04:00",
        ["date_approved"] = "2026-03-01T10:00:05.000-04:00",
        ["date_last_updated"] = "2026-03-02T09:00:00.000-04:00",
    };

    private static ProviderReading Read(JsonObject payment)
    {
        using var document = JsonDocument.Parse(payment.ToJsonString());
        return MercadoPagoPaymentReader.Read(document.RootElement);
    }
}
