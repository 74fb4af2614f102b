using System.Net;
using System.Net.Http.Headers;
using Cobranza.Functions.Tests.Api;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Security;

/// <summary>Staff routes need a key; each key's role decides what it may do; the history names the key that acted.</summary>
[Collection(ApiCollection.Name)]
public sealed class StaffRoleTests(AppFixture fixture)
{
    [Theory]
    [InlineData("GET", "api/cases")]
    [InlineData("GET", "api/payments/unmatched")]
    [InlineData("GET", "api/policies/default")]
    [InlineData("POST", "api/cases/ANY-1/notes")]
    [InlineData("PUT", "api/policies/any")]
    public async Task StaffRoute_WithoutKey_Returns401Problem(string method, string path)
    {
        using var response = await SendAsync(method, path, key: null, body: "{}");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("x-functions-key", Problem.Detail(problem));
    }

    [Fact]
    public async Task StaffRoute_WithUnknownKey_Returns401()
    {
        using var response = await SendAsync("GET", "api/cases", key: "not-a-key", body: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StaffRoute_KeyAsBearerToken_IsAccepted()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/cases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestCredentials.ViewerKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_WithoutKey_Returns200()
    {
        using var client = fixture.App.CreateClientWithoutCredentials();

        using var response = await client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsCases_ButMayNotAct()
    {
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ROLE")).NotYetDue());

        using var read = await SendAsync("GET", $"api/cases/{opened.InvoiceId}", TestCredentials.ViewerKey, null);
        using var note = await SendAsync("POST", $"api/cases/{opened.InvoiceId}/notes", TestCredentials.ViewerKey, "{\"text\":\"hola\"}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await Problem.AssertAsync(note, HttpStatusCode.Forbidden);
        Assert.Equal(0, (await fixture.Api.GetCaseAsync(opened.InvoiceId)).Count("note"));
    }

    [Theory]
    [InlineData("notes", "{\"text\":\"Llamó, paga el viernes\"}")]
    [InlineData("pause", "{\"reason\":\"Disputa\"}")]
    [InlineData("escalate", "{\"to\":\"next\"}")]
    [InlineData("promises", "{\"promisedOn\":\"{date}\"}")]
    public async Task Collector_WorksTheCase_AndTheHistoryNamesTheirKeyId(string action, string body)
    {
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ROLE")).NotYetDue());

        using var response = await SendAsync("POST", $"api/cases/{opened.InvoiceId}/{action}", TestCredentials.CollectorKey, body.Replace("{date}", InAWeek(), StringComparison.Ordinal));

        var c = await CobranzaApi.ReadAsync<CaseDto>(response, HttpStatusCode.OK);
        Assert.Equal(TestCredentials.CollectorId, c.History!.Last(h => h.Actor != "system").Actor);
    }

    [Theory]
    [InlineData("escalate", "{\"to\":\"legal\"}")]
    [InlineData("escalate", "{\"to\":\"agency\"}")]
    [InlineData("cancel", "{}")]
    [InlineData("write-off", "{}")]
    public async Task Collector_SupervisorOnlyAction_Returns403AndChangesNothing(string action, string body)
    {
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ROLE")).NotYetDue());

        using var response = await SendAsync("POST", $"api/cases/{opened.InvoiceId}/{action}", TestCredentials.CollectorKey, body);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        var after = await fixture.Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("active", opened.History!.Count), (after.State, after.History!.Count));
    }

    [Fact]
    public async Task Collector_PolicyChangeAndPaymentMatch_Return403()
    {
        using var policy = await SendAsync("PUT", $"api/policies/{Ids.NewPolicyName("role")}", TestCredentials.CollectorKey, PolicyBody.WithWaits("P1D").ToString());
        using var match = await SendAsync("POST", "api/payments/unmatched/ANY-PAY/match", TestCredentials.CollectorKey, "{\"invoiceId\":\"ANY-1\"}");

        await Problem.AssertAsync(policy, HttpStatusCode.Forbidden);
        await Problem.AssertAsync(match, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Supervisor_HandsOffToLegal_AndTheHistoryNamesTheirKeyId()
    {
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ROLE")).NotYetDue());

        using var response = await SendAsync("POST", $"api/cases/{opened.InvoiceId}/escalate", TestCredentials.SupervisorKey, "{\"to\":\"legal\"}");

        var c = await CobranzaApi.ReadAsync<CaseDto>(response, HttpStatusCode.OK);
        Assert.Equal("handedOff", c.State);
        Assert.Contains(c.History!, h => h.Type == "escalated" && h.Actor == TestCredentials.SupervisorId);
    }

    [Fact]
    public async Task Supervisor_MatchesAnUnmatchedPayment_AndThePaymentInTheHistoryNamesTheirKeyId()
    {
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ROLE")).NotYetDue());
        var payment = PaymentBody.For(Ids.New("NOCASE"), 10m).WithId(Ids.New("PAY"));
        await fixture.Api.PayAsync(payment);
        var paymentId = payment.ToJson()["paymentId"]!.GetValue<string>();

        using var response = await SendAsync("POST", $"api/payments/unmatched/{paymentId}/match", TestCredentials.SupervisorKey, $"{{\"invoiceId\":\"{opened.InvoiceId}\"}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await fixture.Api.GetCaseAsync(opened.InvoiceId);
        Assert.Contains(c.History!, h => h.Type == "paymentReceived" && h.Actor == TestCredentials.SupervisorId);
    }

    private static string InAWeek() => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? key, string? body)
    {
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = CobranzaApi.Content(body);
        }

        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await client.SendAsync(request);
    }
}
