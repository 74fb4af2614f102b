using System.Net;
using System.Text;
using Cobranza.Functions.Http;
using Cobranza.Functions.Tests.Api;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Security;

/// <summary>The ERP and payment webhooks run only with a fresh signature by their own source's secret.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookSignatureTests(AppFixture fixture)
{
    [Fact]
    public async Task OpenCase_Unsigned_Returns401AndOpensNothing()
    {
        var body = CaseBody.Valid(Ids.New("SIG"));

        using var response = await SendAsync("api/cases", body.ToString(), signature: null);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(WebhookSignature.HeaderName, Problem.Detail(problem));
        await AssertNoCaseAsync(body.InvoiceId);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(TestCredentials.PaymentsSecret)]
    public async Task OpenCase_SignedWithASecretNotTheErps_Returns401AndOpensNothing(string secret)
    {
        var body = CaseBody.Valid(Ids.New("SIG")).ToString();

        using var response = await SendAsync("api/cases", body, WebhookSignature.Create(secret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNoCaseAsync(IdOf(body));
    }

    [Fact]
    public async Task OpenCase_BodyChangedAfterSigning_Returns401()
    {
        var signed = CaseBody.Valid(Ids.New("SIG")).OfAmount(10m, "USD").ToString();
        var sent = signed.Replace("10", "1000", StringComparison.Ordinal);

        using var response = await SendAsync("api/cases", sent, WebhookSignature.Create(TestCredentials.ErpSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(signed)));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNoCaseAsync(IdOf(sent));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task OpenCase_TimestampMoreThanFiveMinutesAway_Returns401AsAReplay(int minutes)
    {
        var body = CaseBody.Valid(Ids.New("SIG")).ToString();
        var at = DateTimeOffset.UtcNow.AddMinutes(minutes);

        using var response = await SendAsync("api/cases", body, WebhookSignature.Create(TestCredentials.ErpSecret, at, Encoding.UTF8.GetBytes(body)));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("5 minutes", Problem.Detail(problem));
        await AssertNoCaseAsync(IdOf(body));
    }

    [Theory]
    [InlineData("v1=abc")]
    [InlineData("t=now,v1=00")]
    [InlineData("garbage")]
    public async Task OpenCase_MalformedSignatureHeader_Returns401(string header)
    {
        var body = CaseBody.Valid(Ids.New("SIG")).ToString();

        using var response = await SendAsync("api/cases", body, header);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenCase_SignedWithTheSecondOfTwoRotatingSecrets_IsAccepted()
    {
        var body = CaseBody.Valid(Ids.New("SIG")).NotYetDue().ToString();

        using var response = await SendAsync("api/cases", body, WebhookSignature.Create(TestCredentials.ErpNextSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task OpenCase_SignatureWithSeveralV1Values_IsAcceptedWhenOneMatches()
    {
        var body = CaseBody.Valid(Ids.New("SIG")).NotYetDue().ToString();
        var valid = WebhookSignature.Create(TestCredentials.ErpSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body));

        using var response = await SendAsync("api/cases", body, valid + ",v1=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Payment_Unsigned_Returns401AndRecordsNothing()
    {
        var payment = PaymentBody.For(Ids.New("NOCASE"), 10m).WithId(Ids.New("PAY"));

        using var response = await SendAsync("api/payments", payment.ToString(), signature: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        using var unmatched = await fixture.Api.GetAsync("api/payments/unmatched");
        Assert.DoesNotContain(payment.ToJson()["paymentId"]!.GetValue<string>(), await unmatched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Payment_SignedWithTheErpSecret_Returns401()
    {
        var payment = PaymentBody.For(Ids.New("NOCASE"), 10m).ToString();

        using var response = await SendAsync("api/payments", payment, WebhookSignature.Create(TestCredentials.ErpSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(payment)));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenCase_StaffKeyInsteadOfASignature_Returns401()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/cases") { Content = CobranzaApi.Content(CaseBody.Valid(Ids.New("SIG")).ToString()) };
        request.Headers.Add("x-functions-key", TestCredentials.SupervisorKey);

        using var response = await client.SendAsync(request);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string body, string? signature)
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = CobranzaApi.Content(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        return await client.SendAsync(request);
    }

    private async Task AssertNoCaseAsync(string invoiceId)
    {
        using var response = await fixture.Api.GetAsync($"api/cases/{Uri.EscapeDataString(invoiceId)}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string IdOf(string caseJson) =>
        System.Text.Json.Nodes.JsonNode.Parse(caseJson)!["invoiceId"]!.GetValue<string>();
}
