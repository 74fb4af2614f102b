using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

/// <summary><c>POST /api/cases:batch</c>: NDJSON in, one NDJSON result per line out, as idempotent as the single call.</summary>
[Collection(ApiCollection.Name)]
public sealed class BatchIntakeTests(AppFixture fixture)
{
    [Fact]
    public async Task Batch_MixedLines_AnswersOneResultPerLineInOrder()
    {
        var existing = CaseBody.Valid(Ids.New("BAT")).NotYetDue();
        await fixture.Api.OpenCaseAsync(existing);
        var fresh = CaseBody.Valid(Ids.New("BAT")).NotYetDue();
        var conflicting = CaseBody.Valid(existing.InvoiceId).NotYetDue().OfAmount(999m, "USD");
        var invalid = CaseBody.Valid(Ids.New("BAT")).With("debtor.timeZone", "Mars/Olympus");

        var results = await PostAsync(string.Join("\n", fresh, existing, conflicting, "not json", invalid) + "\n");

        Assert.Equal([1, 2, 3, 4, 5], results.Select(r => r.Line));
        Assert.Equal(["created", "existing", "conflict", "error", "error"], results.Select(r => r.Result));
        Assert.Equal([fresh.InvoiceId, existing.InvoiceId, existing.InvoiceId, null, invalid.InvoiceId], results.Select(r => r.InvoiceId));
        Assert.Null(results[0].Errors);
        Assert.True(results[3].Errors!.ContainsKey("body"));
        Assert.True(results[4].Errors!.ContainsKey("debtor.timeZone"));
        Assert.Equal("active", (await fixture.Api.GetCaseAsync(fresh.InvoiceId)).State);
        Assert.Equal(100.00m, (await fixture.Api.GetCaseAsync(existing.InvoiceId)).Amount);
    }

    [Fact]
    public async Task Batch_SentTwice_SecondTimeEveryLineIsExistingAndNothingOpensTwice()
    {
        var bodies = Enumerable.Range(0, 40).Select(_ => CaseBody.Valid(Ids.New("BAT")).NotYetDue()).ToList();
        var ndjson = string.Join("\r\n", bodies);

        var first = await PostAsync(ndjson);
        var second = await PostAsync(ndjson);

        Assert.All(first, r => Assert.Equal("created", r.Result));
        Assert.All(second, r => Assert.Equal("existing", r.Result));
        var c = await fixture.Api.GetCaseAsync(bodies[17].InvoiceId);
        Assert.Equal(1, c.Count("opened"));
    }

    [Fact]
    public async Task Batch_MoreThanTenThousandLines_Returns413AndOpensNothing()
    {
        var first = CaseBody.Valid(Ids.New("BAT")).NotYetDue();
        var ndjson = first + "\n" + string.Concat(Enumerable.Repeat("{}\n", BatchIntakeApi.MaxLines));

        using var response = await SendAsync(ndjson, "application/x-ndjson");

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        using var read = await fixture.Api.GetAsync($"api/cases/{first.InvoiceId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Batch_AsApplicationJson_Returns415()
    {
        using var response = await SendAsync(CaseBody.Valid(Ids.New("BAT")).ToString(), "application/json");

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Batch_Unsigned_Returns401AndOpensNothing()
    {
        var body = CaseBody.Valid(Ids.New("BAT"));
        using var client = fixture.App.CreateClientWithoutCredentials();
        using var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        using var response = await client.PostAsync("api/cases:batch", content);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        using var read = await fixture.Api.GetAsync($"api/cases/{body.InvoiceId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("a\n\nb", new[] { "a", "", "b" })]
    [InlineData("", new string[0])]
    public void SplitLines_LfOrCrlf_AFinalNewlineStartsNoLine(string body, string[] expected)
    {
        var lines = BatchIntakeApi.SplitLines(Encoding.UTF8.GetBytes(body));

        Assert.Equal(expected, lines.Select(l => Encoding.UTF8.GetString(l.Span)));
    }

    private async Task<List<BatchLineDto>> PostAsync(string ndjson)
    {
        using var response = await SendAsync(ndjson, "application/x-ndjson");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<BatchLineDto>(l, CobranzaApi.Json)!).ToList();
    }

    private async Task<HttpResponseMessage> SendAsync(string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await fixture.Api.Client.PostAsync("api/cases:batch", content);
    }

    private sealed record BatchLineDto(int Line, string? InvoiceId, string Result, Dictionary<string, string[]>? Errors);
}
