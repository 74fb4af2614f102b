using System.Net;
using Cobranza.Functions.Tests.Api;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Security;

/// <summary>A staff POST retried with its Idempotency-Key runs once and answers as it first did.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyKeyTests(AppFixture fixture)
{
    [Fact]
    public async Task Note_SameKeyAndBodyTwice_RunsOnceAndRepeatsTheFirstResponse()
    {
        var opened = await OpenAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await NoteAsync(opened.InvoiceId, key, "Llamó el cliente");
        using var second = await NoteAsync(opened.InvoiceId, key, "Llamó el cliente");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.True(second.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await fixture.Api.GetCaseAsync(opened.InvoiceId)).Count("note"));
    }

    [Fact]
    public async Task Note_SameKeyOtherBody_Returns422AndAddsNothing()
    {
        var opened = await OpenAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await NoteAsync(opened.InvoiceId, key, "Primera nota");

        using var second = await NoteAsync(opened.InvoiceId, key, "Otra nota");

        await Problem.AssertAsync(second, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, (await fixture.Api.GetCaseAsync(opened.InvoiceId)).Count("note"));
    }

    [Fact]
    public async Task Action_SameKeyOnAnotherCase_Returns422()
    {
        var one = await OpenAsync();
        var other = await OpenAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await NoteAsync(one.InvoiceId, key, "Nota");

        using var second = await NoteAsync(other.InvoiceId, key, "Nota");

        await Problem.AssertAsync(second, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (await fixture.Api.GetCaseAsync(other.InvoiceId)).Count("note"));
    }

    [Fact]
    public async Task Note_DifferentKeys_RunEach()
    {
        var opened = await OpenAsync();

        using var first = await NoteAsync(opened.InvoiceId, Guid.NewGuid().ToString(), "Nota");
        using var second = await NoteAsync(opened.InvoiceId, Guid.NewGuid().ToString(), "Nota");

        Assert.Equal(2, (await fixture.Api.GetCaseAsync(opened.InvoiceId)).Count("note"));
    }

    [Fact]
    public async Task Note_SameIdempotencyKeyFromTwoStaffKeys_RunsForEach()
    {
        var opened = await OpenAsync();
        var key = Guid.NewGuid().ToString();

        using var bySupervisor = await NoteAsync(opened.InvoiceId, key, "Nota", TestCredentials.SupervisorKey);
        using var byCollector = await NoteAsync(opened.InvoiceId, key, "Nota", TestCredentials.CollectorKey);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (bySupervisor.StatusCode, byCollector.StatusCode));
        var c = await fixture.Api.GetCaseAsync(opened.InvoiceId);
        Assert.Equal([TestCredentials.SupervisorId, TestCredentials.CollectorId], c.History!.Where(h => h.Type == "note").Select(h => h.Actor));
    }

    [Fact]
    public async Task Cancel_RefusedFirstTime_RepeatsTheRefusalEvenAfterTheStateChanged()
    {
        var opened = await OpenAsync();
        await fixture.Api.ActAsync(opened.InvoiceId, "cancel", "{}");
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync($"api/cases/{opened.InvoiceId}/pause", key, "{}");
        using var second = await PostAsync($"api/cases/{opened.InvoiceId}/pause", key, "{}");

        await Problem.AssertAsync(first, HttpStatusCode.Conflict);
        await Problem.AssertAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Note_KeyLongerThan255Characters_Returns400NamingTheHeader()
    {
        var opened = await OpenAsync();
        var key = new string('k', 256);

        using var response = await NoteAsync(opened.InvoiceId, key, "Nota");

        await Problem.AssertValidationAsync(response, "Idempotency-Key");
        Assert.Equal(0, (await fixture.Api.GetCaseAsync(opened.InvoiceId)).Count("note"));
    }

    private Task<CaseDto> OpenAsync() => fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("IDEM")).NotYetDue());

    private Task<HttpResponseMessage> NoteAsync(string invoiceId, string key, string text, string? staffKey = null) =>
        PostAsync($"api/cases/{invoiceId}/notes", key, System.Text.Json.JsonSerializer.Serialize(new { text }), staffKey);

    private async Task<HttpResponseMessage> PostAsync(string path, string key, string body, string? staffKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = CobranzaApi.Content(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        if (staffKey is not null)
        {
            request.Headers.Add("x-functions-key", staffKey);
        }

        return await fixture.Api.Client.SendAsync(request);
    }
}
