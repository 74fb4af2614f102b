using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Payments;

/// <summary>An app with two Stripe endpoint secrets configured (mid-rotation).</summary>
public sealed class StripeAppFixture : AppFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Cobranza:Stripe:WebhookSecrets:0"] = StripeObjects.OldSecret;
        settings["Cobranza:Stripe:WebhookSecrets:1"] = StripeObjects.Secret;
    }
}

/// <summary>Stripe's own events, signed as Stripe signs them, close and reopen cases.</summary>
public sealed class StripeWebhookTests(StripeAppFixture fixture) : IClassFixture<StripeAppFixture>
{
    private CobranzaApi Api => fixture.Api;

    [Fact]
    public async Task PaymentIntentSucceeded_ForAnOpenCase_ClosesItAsPaid()
    {
        var opened = await OpenAsync();

        var answer = await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(NewPi(), opened.InvoiceId, 10_000));

        Assert.Equal("processed", answer.GetProperty("status").GetString());
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("closed", "paid", 0m), (c.State, c.ClosedReason, c.Balance));
        Assert.Equal("stripe", c.History!.Single(h => h.Type == "paymentReceived").Actor);
    }

    [Fact]
    public async Task ChargeRefunded_AfterThePaymentClosedTheCase_ReopensItWithTheBalanceRestored()
    {
        var opened = await OpenAsync();
        var pi = NewPi();
        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, opened.InvoiceId, 10_000));

        await SendAsync("charge.refunded", StripeObjects.Charge(NewCharge(), pi, 10_000, refunded: 10_000));

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 100.00m), (c.State, c.Balance));
        Assert.True(c.Has("paymentReversed") && c.Has("reopened"), string.Join(", ", c.History!.Select(h => h.Type)));
    }

    [Fact]
    public async Task ChargeRefunded_TwoPartialRefunds_TheBalanceFollowsTheRunningTotalNotTheSum()
    {
        var opened = await OpenAsync();
        var pi = NewPi();
        var charge = NewCharge();
        var now = DateTimeOffset.UtcNow;
        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, opened.InvoiceId, 10_000));

        await SendAsync("charge.refunded", StripeObjects.Charge(charge, pi, 10_000, refunded: 3_000), now.AddSeconds(-2));
        var afterFirst = await Api.GetCaseAsync(opened.InvoiceId);
        await SendAsync("charge.refunded", StripeObjects.Charge(charge, pi, 10_000, refunded: 5_000), now);

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal((30.00m, 50.00m), (afterFirst.Balance, c.Balance));
        Assert.Equal("active", c.State);
    }

    [Fact]
    public async Task ThreeSuccessEventsOfOnePayment_ApplyItOnce()
    {
        var opened = await OpenAsync();
        var pi = NewPi();

        await SendAsync("charge.succeeded", StripeObjects.Charge(NewCharge(), pi, 4_000));
        await SendAsync("checkout.session.completed", StripeObjects.CheckoutSession(pi, opened.InvoiceId, 4_000));
        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, opened.InvoiceId, 4_000));

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(pi, Assert.Single(c.Payments).PaymentId);
        Assert.Equal(60.00m, c.Balance);
    }

    [Fact]
    public async Task PaymentIntentSucceeded_InAZeroDecimalCurrency_IsNotDividedByAHundred()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("STR")).NotYetDue().OfAmount(150_000m, "CLP"));

        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(NewPi(), opened.InvoiceId, 150_000, "clp"));

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("closed", 150_000m, "CLP"), (c.State, Assert.Single(c.Payments).Amount, c.Payments[0].Currency));
    }

    [Fact]
    public async Task SameEventDeliveredTwice_IsProcessedOnce()
    {
        var opened = await OpenAsync();
        var stripeEvent = StripeObjects.Event("payment_intent.succeeded", StripeObjects.PaymentIntent(NewPi(), opened.InvoiceId, 2_500));

        using var first = await StripeObjects.PostAsync(Client, stripeEvent);
        using var second = await StripeObjects.PostAsync(Client, stripeEvent);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal("duplicate", JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(75.00m, (await Api.GetCaseAsync(opened.InvoiceId)).Balance);
    }

    [Fact]
    public async Task RefundEventBeforeThePaymentEvent_EndsAsIfTheyCameInOrder()
    {
        var opened = await OpenAsync();
        var pi = NewPi();

        await SendAsync("charge.refunded", StripeObjects.Charge(NewCharge(), pi, 10_000, refunded: 10_000));
        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, opened.InvoiceId, 10_000));

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 100.00m), (c.State, c.Balance));
        Assert.Equal(["paymentReceived", "closed", "paymentReversed", "reopened"], c.History!.Skip(1).Select(h => h.Type).Where(t => t is "paymentReceived" or "closed" or "paymentReversed" or "reopened"));
    }

    [Fact]
    public async Task DisputeCreatedThenWon_ReopensTheCaseThenClosesItAgain()
    {
        var opened = await OpenAsync();
        var pi = NewPi();
        var charge = NewCharge();
        var now = DateTimeOffset.UtcNow;
        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, opened.InvoiceId, 10_000));

        await SendAsync("charge.dispute.created", StripeObjects.Dispute(charge, pi, 10_000, "needs_response"), now.AddSeconds(-5));
        var disputed = await Api.GetCaseAsync(opened.InvoiceId);
        await SendAsync("charge.dispute.closed", StripeObjects.Dispute(charge, pi, 10_000, "won"), now);

        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 100.00m), (disputed.State, disputed.Balance));
        Assert.Equal(("closed", "paid", 0m), (c.State, c.ClosedReason, c.Balance));
    }

    [Fact]
    public async Task PaymentForNoKnownInvoice_IsKeptAsUnmatched()
    {
        var pi = NewPi();

        await SendAsync("payment_intent.succeeded", StripeObjects.PaymentIntent(pi, Ids.New("NOCASE"), 1_234));

        using var unmatched = await Api.GetAsync("api/payments/unmatched");
        Assert.Contains(pi, await unmatched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherEventType_Returns200AndIsIgnored()
    {
        var answer = await SendAsync("plan.created", StripeObjects.Load("event")["data"]!["object"]!.DeepClone().AsObject());

        Assert.Equal("ignored", answer.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("stale")]
    [InlineData("missing")]
    public async Task BadSignature_Returns400AndChangesNothing(string how)
    {
        var opened = await OpenAsync();
        var stripeEvent = StripeObjects.Event("payment_intent.succeeded", StripeObjects.PaymentIntent(NewPi(), opened.InvoiceId, 10_000));
        var body = stripeEvent.ToJsonString();
        var signature = how switch
        {
            "forged" => StripeObjects.Signature(body, DateTimeOffset.UtcNow, "whsec_someone_else"),
            "stale" => StripeObjects.Signature(body, DateTimeOffset.UtcNow.AddMinutes(-6), StripeObjects.Secret),
            _ => "",
        };

        using var response = await StripeObjects.PostAsync(Client, stripeEvent, signature);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        var c = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", 100.00m), (c.State, c.Balance));
    }

    [Fact]
    public async Task SignatureWithTwoV1Values_ByTheOldAndTheNewSecret_IsAccepted()
    {
        var opened = await OpenAsync();
        var stripeEvent = StripeObjects.Event("payment_intent.succeeded", StripeObjects.PaymentIntent(NewPi(), opened.InvoiceId, 10_000));
        var body = stripeEvent.ToJsonString();

        using var response = await StripeObjects.PostAsync(Client, stripeEvent, StripeObjects.Signature(body, DateTimeOffset.UtcNow, "whsec_unknown", StripeObjects.OldSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("closed", (await Api.GetCaseAsync(opened.InvoiceId)).State);
    }

    private HttpClient Client => fixture.App.Client;

    private Task<CaseDto> OpenAsync() => Api.OpenCaseAsync(CaseBody.Valid(Ids.New("STR")).NotYetDue());

    private static string NewPi() => "pi_" + Guid.NewGuid().ToString("N")[..24];

    private static string NewCharge() => "ch_" + Guid.NewGuid().ToString("N")[..24];

    private async Task<JsonElement> SendAsync(string type, JsonObject dataObject, DateTimeOffset? created = null)
    {
        using var response = await StripeObjects.PostAsync(Client, StripeObjects.Event(type, dataObject, created));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{type}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
