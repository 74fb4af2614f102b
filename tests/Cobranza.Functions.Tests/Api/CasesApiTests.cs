using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CasesApiTests(AppFixture fixture)
{
    private CobranzaApi Api => fixture.Api;

    private static string Tomorrow => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task OpenCase_NewInvoice_Returns202WithLocationAndTheCase()
    {
        var body = CaseBody.Valid(Ids.New("API")).NotYetDue();

        using var response = await Api.PostAsync("api/cases", body.ToJson());

        var c = await CobranzaApi.ReadAsync<CaseDto>(response, HttpStatusCode.Accepted);
        Assert.Equal($"/api/cases/{body.InvoiceId}", response.Headers.Location?.OriginalString);
        Assert.Equal((body.InvoiceId, "active", 100.00m, 100.00m, "USD", "default"), (c.InvoiceId, c.State, c.Amount, c.Balance, c.Currency, c.Policy.Name));
        Assert.Equal(["opened"], c.History!.Select(h => h.Type));
    }

    [Fact]
    public async Task OpenCase_SameInvoiceAgain_Returns200WithTheSameCase()
    {
        var body = CaseBody.Valid(Ids.New("API")).NotYetDue();
        var first = await Api.OpenCaseAsync(body);

        using var again = await Api.PostAsync("api/cases", body.ToJson());

        var c = await CobranzaApi.ReadAsync<CaseDto>(again, HttpStatusCode.OK);
        Assert.Equal((first.InvoiceId, first.OpenedAt, 1), (c.InvoiceId, c.OpenedAt, c.Count("opened")));
    }

    [Fact]
    public async Task OpenCase_SameInvoiceOtherAmount_Returns409NamingBothAmounts()
    {
        var body = CaseBody.Valid(Ids.New("API")).NotYetDue();
        await Api.OpenCaseAsync(body);

        using var response = await Api.PostAsync("api/cases", body.With("amount", 101.00m).ToJson());

        var detail = Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.Conflict));
        Assert.Contains("100", detail);
        Assert.Contains("101", detail);
        Assert.Equal(100.00m, (await Api.GetCaseAsync(body.InvoiceId)).Amount);
    }

    [Fact]
    public async Task OpenCase_UnknownPolicy_Returns422AndOpensNothing()
    {
        var body = CaseBody.Valid(Ids.New("API")).OnPolicy("no-such-policy");

        using var response = await Api.PostAsync("api/cases", body.ToJson());

        Assert.Contains("no-such-policy", Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity)));
        using var read = await Api.GetAsync($"api/cases/{body.InvoiceId}");
        await Problem.AssertAsync(read, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("debtor.timeZone", "\"Mars/Olympus_Mons\"", "debtor.timeZone")]
    [InlineData("debtor.timeZone", "\"Pacific Standard Time\"", "debtor.timeZone")]
    [InlineData("currency", "\"usd\"", "currency")]
    [InlineData("currency", "\"XYZ\"", "currency")]
    [InlineData("amount", "10.505", "amount")]
    [InlineData("amount", "\"100.00\"", "amount")]
    [InlineData("amount", "-5", "amount")]
    [InlineData("debtor.phone", "\"5512345678\"", "debtor.phone")]
    [InlineData("debtor.phone", "\"+52 55 1234 5678\"", "debtor.phone")]
    [InlineData("debtor.email", "\"dana at example.com\"", "debtor.email")]
    [InlineData("debtor.language", "\"fr\"", "debtor.language")]
    [InlineData("debtor.language", "\"es_MX\"", "debtor.language")]
    [InlineData("debtor.name", "42", "debtor.name")]
    [InlineData("dueOn", "\"23/11/2026\"", "dueOn")]
    [InlineData("issuedOn", "\"2300-01-01\"", "issuedOn")]
    [InlineData("invoiceId", "\"INV/1\"", "invoiceId")]
    [InlineData("paymentUrl", "\"javascript:alert(1)\"", "paymentUrl")]
    [InlineData("policy", "\"Not A Name\"", "policy")]
    public async Task OpenCase_InvalidField_Returns400ProblemNamingTheFieldAndOpensNothing(string path, string json, string errorKey)
    {
        var invoiceId = Ids.New("BAD");

        using var response = await Api.PostAsync("api/cases", CaseBody.Valid(invoiceId).WithRaw(path, json).ToJson());

        var messages = await Problem.AssertValidationAsync(response, errorKey);
        Assert.NotEmpty(messages);
        using var read = await Api.GetAsync($"api/cases/{invoiceId}");
        await Problem.AssertAsync(read, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenCase_TimeZoneIdInWrongLetterCaseAfterTheRealIdWasUsed_Returns400ForDebtorTimeZone()
    {
        // IANA ids are case-sensitive ("america/mexico_city" is not a zone on a fresh host), so the answer may not
        // depend on which zones the process happened to look up before.
        await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("TZ")).NotYetDue().InLanguage("es-MX", "America/Mexico_City", "Ana López", "+5215512345678"));
        var invoiceId = Ids.New("TZ");

        using var response = await Api.PostAsync("api/cases", CaseBody.Valid(invoiceId).NotYetDue().With("debtor.timeZone", "america/mexico_city").ToJson());

        await Problem.AssertValidationAsync(response, "debtor.timeZone");
    }

    [Fact]
    public async Task OpenCase_NeitherEmailNorPhone_Returns400ForDebtorEmail()
    {
        var body = CaseBody.Valid(Ids.New("BAD")).Without("debtor.email").Without("debtor.phone");

        using var response = await Api.PostAsync("api/cases", body.ToJson());

        var messages = await Problem.AssertValidationAsync(response, "debtor.email");
        Assert.Contains(messages, m => m.Contains("phone", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task OpenCase_BodyIsNotJson_Returns400ForBody()
    {
        using var response = await Api.PostAsync("api/cases", "{\"invoiceId\": \"X-1\", ");

        await Problem.AssertValidationAsync(response, "body");
    }

    [Fact]
    public async Task OpenCase_PropertyGivenTwice_Returns400NamingItAndOpensNothing()
    {
        var body = CaseBody.Valid(Ids.New("DUP")).NotYetDue();
        var json = body.ToString().TrimEnd('}') + ",\"amount\":1000000}";

        using var response = await Api.PostAsync("api/cases", json);

        var messages = await Problem.AssertValidationAsync(response, "amount");
        Assert.Contains(messages, m => m.Contains("more than once", StringComparison.Ordinal));
        using var read = await Api.GetAsync($"api/cases/{body.InvoiceId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task GetCase_UnknownInvoice_Returns404()
    {
        using var response = await Api.GetAsync($"api/cases/{Ids.New("NONE")}");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("notes", "{\"text\":\"Called, no answer\"}", "active", null)]
    [InlineData("promises", "{\"promisedOn\":\"{date}\",\"note\":\"Will pay\"}", "promised", null)]
    [InlineData("pause", "{\"reason\":\"Dispute\"}", "paused", null)]
    [InlineData("cancel", "{\"reason\":\"Credit note\"}", "closed", "cancelled")]
    [InlineData("write-off", "{\"reason\":\"Uncollectable\"}", "closed", "writtenOff")]
    [InlineData("escalate", "{\"to\":\"legal\",\"reason\":\"Lawyer asked\"}", "handedOff", null)]
    public async Task StaffAction_OnActiveCase_Returns200WithTheCaseInItsNewState(string action, string body, string state, string? closedReason)
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ACT")).NotYetDue());

        var c = await Api.ActAsync(opened.InvoiceId, action, body.Replace("{date}", Tomorrow, StringComparison.Ordinal));

        Assert.Equal((state, closedReason), (c.State, c.ClosedReason));
        Assert.Equal(TestCredentials.SupervisorId, c.History![^1].Actor);
    }

    [Fact]
    public async Task ResumeCase_Paused_Returns200WithTheCaseActiveAgain()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ACT")).NotYetDue());
        await Api.ActAsync(opened.InvoiceId, "pause", null);

        var c = await Api.ActAsync(opened.InvoiceId, "resume", null);

        Assert.Equal(("active", true), (c.State, c.NextActionAt is not null));
    }

    [Fact]
    public async Task PauseCase_AlreadyPaused_Returns409MentioningPaused()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ACT")).NotYetDue());
        await Api.ActAsync(opened.InvoiceId, "pause", new JsonObject { ["reason"] = "Dispute" });

        using var response = await Api.PostAsync($"api/cases/{opened.InvoiceId}/pause", new JsonObject { ["reason"] = "Again" });

        Assert.Contains("paused", Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.Conflict)));
    }

    [Theory]
    [InlineData("promises", "{\"promisedOn\":\"{date}\"}")]
    [InlineData("escalate", "{\"to\":\"next\"}")]
    [InlineData("escalate", "{\"to\":\"agency\"}")]
    [InlineData("pause", "{}")]
    [InlineData("resume", "{}")]
    [InlineData("cancel", "{\"reason\":\"Again\"}")]
    [InlineData("write-off", "{}")]
    public async Task StaffAction_OnClosedCase_Returns409NamingTheState(string action, string body)
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("CLS")).NotYetDue());
        await Api.ActAsync(opened.InvoiceId, "cancel", new JsonObject { ["reason"] = "Credit note" });

        using var response = await Api.PostAsync($"api/cases/{opened.InvoiceId}/{action}", body.Replace("{date}", Tomorrow, StringComparison.Ordinal));

        Assert.Contains("closed", Problem.Detail(await Problem.AssertAsync(response, HttpStatusCode.Conflict)));
        var after = await Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal(("closed", "cancelled"), (after.State, after.ClosedReason));
    }

    [Fact]
    public async Task AddNote_OnClosedCase_Returns200AndRecordsTheNote()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("CLS")).NotYetDue());
        await Api.ActAsync(opened.InvoiceId, "write-off", new JsonObject { ["reason"] = "Uncollectable" });

        var c = await Api.ActAsync(opened.InvoiceId, "notes", new JsonObject { ["text"] = "Debtor went bankrupt" });

        Assert.Equal(("closed", "note"), (c.State, c.History![^1].Type));
        Assert.Equal("Debtor went bankrupt", c.History![^1].Details.GetProperty("text").GetString());
    }

    [Fact]
    public async Task RecordPromise_DateInThePast_Returns400ForPromisedOn()
    {
        var opened = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("ACT")).NotYetDue());

        using var response = await Api.PostAsync($"api/cases/{opened.InvoiceId}/promises", new JsonObject { ["promisedOn"] = "2020-01-01" });

        await Problem.AssertValidationAsync(response, "promisedOn");
    }

    [Fact]
    public async Task ListCases_PageSizeTwoOverFiveCases_FollowsTheContinuationTokenToAllFive()
    {
        var debtor = Ids.New("debtor");
        var opened = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            opened.Add((await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("LST")).NotYetDue().ForDebtor(debtor))).InvoiceId);
        }

        var listed = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var query = $"api/cases?debtorId={debtor}&pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            using var response = await Api.GetAsync(query);
            var page = await CobranzaApi.ReadAsync<CasePageDto>(response, HttpStatusCode.OK);
            Assert.InRange(page.Value.Count, 0, 2);
            Assert.All(page.Value, c => Assert.Null(c.History));
            listed.AddRange(page.Value.Select(c => c.InvoiceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(opened.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3, $"five cases two per page take at least three pages, took {pages}");
    }

    [Fact]
    public async Task ListCases_ByStateAndDebtor_ReturnsOnlyThatDebtorsCasesInThatState()
    {
        var debtor = Ids.New("debtor");
        var active = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("LST")).NotYetDue().ForDebtor(debtor));
        var paused = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("LST")).NotYetDue().ForDebtor(debtor));
        var closed = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("LST")).NotYetDue().ForDebtor(debtor));
        await Api.ActAsync(paused.InvoiceId, "pause", null);
        await Api.ActAsync(closed.InvoiceId, "cancel", null);

        async Task<IEnumerable<string>> ListAsync(string state)
        {
            using var response = await Api.GetAsync($"api/cases?state={state}&debtorId={debtor}");
            return (await CobranzaApi.ReadAsync<CasePageDto>(response, HttpStatusCode.OK)).Value.Select(c => c.InvoiceId);
        }

        Assert.Equal([active.InvoiceId], await ListAsync("active"));
        Assert.Equal([paused.InvoiceId], await ListAsync("paused"));
        Assert.Equal([closed.InvoiceId], await ListAsync("closed"));
    }

    [Fact]
    public async Task ListCases_ContinuationTokenNotIssuedByTheApi_Returns400ForContinuationToken()
    {
        using var response = await Api.GetAsync("api/cases?pageSize=2&continuationToken=not-a-token");

        await Problem.AssertValidationAsync(response, "continuationToken");
    }

    [Fact]
    public async Task OpenCase_AfterItsPolicyIsUpdated_KeepsThePolicyVersionItStartedWith()
    {
        var policy = Ids.NewPolicyName("versioned");
        Assert.Equal(1, (await Api.PutPolicyAsync(policy, PolicyBody.WithWaits("P1D", "P7D"))).Version);
        var body = CaseBody.Valid(Ids.New("VER")).NotYetDue().OnPolicy(policy);
        await Api.OpenCaseAsync(body);

        Assert.Equal(2, (await Api.PutPolicyAsync(policy, PolicyBody.WithWaits("P2D", "P5D", "P9D"))).Version);

        Assert.Equal(1, (await Api.GetCaseAsync(body.InvoiceId)).Policy.Version);
        using var again = await Api.PostAsync("api/cases", body.ToJson());
        Assert.Equal(1, (await CobranzaApi.ReadAsync<CaseDto>(again, HttpStatusCode.OK)).Policy.Version);
        var newer = await Api.OpenCaseAsync(CaseBody.Valid(Ids.New("VER")).NotYetDue().OnPolicy(policy));
        Assert.Equal(new PolicyRefDto(policy, 2), newer.Policy);
    }
}
