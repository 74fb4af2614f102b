using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Robustness;

/// <summary>
/// What the fuzz campaign found, each as the smallest request that shows it: bodies that are JSON but not what the
/// endpoint can read must be refused with a 4xx problem, never a 500 (or a 503 telling the sender to retry forever); a
/// valid SMS STOP must opt its debtor out. They share the fuzz app, on fresh cases, debtors and policy names only
/// (nothing the fuzz snapshot holds).
/// </summary>
[Collection(RobustnessCollection.Name)]
public sealed class FuzzFindingsTests(FuzzFixture fixture)
{
    private const string AcsPath = "api/events/acs?key=" + FuzzFixture.EventsKey;
    private const string Validation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    [Theory]
    [InlineData("[{\"eventType\":5,\"data\":{}}]")]
    [InlineData("[{\"eventType\":{\"a\":1},\"data\":{}}]")]
    [InlineData("{\"type\":[\"x\"],\"data\":{}}")]
    [InlineData("[1]")]
    [InlineData("[null]")]
    [InlineData("[[]]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("[{\"eventType\":\"" + Validation + "\",\"data\":\"x\"}]")]
    [InlineData("[{\"eventType\":\"" + Validation + "\",\"data\":{\"validationCode\":5}}]")]
    [InlineData("[{\"eventType\":\"\\ud800\",\"data\":{}}]")]
    [InlineData("[{\"eventType\":\"Microsoft.Communication.SMSReceived\",\"data\":{\"from\":\"\\ud800\",\"message\":\"STOP\"}}]")]
    [InlineData("[{\"eventType\":\"Microsoft.Communication.EmailDeliveryReportReceived\",\"data\":{\"messageId\":\"\\udfff\",\"status\":\"Delivered\"}}]")]
    public async Task AcsEvents_EventItCannotRead_Returns400Problem(string body)
    {
        var (status, mediaType, text) = await SendAsync("POST", AcsPath, Encoding.UTF8.GetBytes(body));

        Assert.True(status == 400 && mediaType == "application/problem+json",
            $"POST /{AcsPath} {body}\n -> {status} '{mediaType}' {text}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
    }

    [Fact]
    public async Task AcsEvents_EventTypeWithInvalidUtf8_Returns400Problem()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("[{\"eventType\":\"Microsoft.Communication.SMS"), 0xFF, .. Encoding.UTF8.GetBytes("Received\",\"data\":{}}]")];

        var (status, mediaType, text) = await SendAsync("POST", AcsPath, body);

        Assert.True(status == 400 && mediaType == "application/problem+json", $"-> {status} '{mediaType}' {text}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
    }

    [Fact]
    public async Task AcsEvents_SmsStopFromADebtorsPhone_Returns200AndOptsTheCaseOutOfSms()
    {
        var phone = "+1415555" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var opened = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("STOP")).NotYetDue().OnPolicy(FuzzFixture.Policy)
            .ForDebtor(Ids.New("stop-debtor")).With("debtor.phone", phone));
        var stop = "[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.SMSReceived\",\"subject\":\"x\",\"eventTime\":\"2026-11-20T15:04:05Z\"," +
            $"\"data\":{{\"messageId\":\"Incoming_1\",\"from\":\"{phone}\",\"to\":\"+18005550100\",\"message\":\"STOP\"}},\"dataVersion\":\"1.0\"}}]";

        var (status, mediaType, text) = await SendAsync("POST", AcsPath, Encoding.UTF8.GetBytes(stop));

        Assert.True(status == 200, $"SMS STOP from {phone} -> {status} '{mediaType}' {text}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
        var after = await fixture.Api.GetCaseAsync(opened.InvoiceId);
        Assert.Contains(after.History!, h => h.Type == "optedOut" && h.Details.GetProperty("channel").GetString() == "sms");
    }

    [Theory]
    [InlineData("invalid UTF-8")]
    [InlineData("lone surrogate escape")]
    public async Task PutPolicy_PropertyNameItCannotRead_Returns400Problem(string what)
    {
        var text = RobustnessBodies.LongWaitPolicy().ToString();
        var at = text.IndexOf("handoff", StringComparison.Ordinal) + 4;
        byte[] inserted = what == "invalid UTF-8" ? [0xFF, 0xFE] : Encoding.UTF8.GetBytes("\\ud800");
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..at]), .. inserted, .. Encoding.UTF8.GetBytes(text[at..])];

        var (status, mediaType, problem) = await SendAsync("PUT", $"api/policies/{Ids.NewPolicyName("find")}", body);

        Assert.True(status == 400 && mediaType == "application/problem+json",
            $"PUT {FuzzRequest.Excerpt(body, 300)}\n -> {status} '{mediaType}' {problem}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
    }

    [Theory]
    [InlineData("description", "\"\\ud800\"")]
    [InlineData("steps[0].template", "\"\\ud800\"")]
    [InlineData("steps[0].tone", "\"\\udc00\"")]
    [InlineData("steps[0].wait", "\"P\\ud800D\"")]
    [InlineData("handoff.to", "\"\\udfff\"")]
    [InlineData("steps[0].wait", "\"P٣٠D\"")]
    [InlineData("steps[0].wait", "\"P１D\"")]
    [InlineData("promiseGrace", "\"PT１H\"")]
    public async Task PutPolicy_StringItCannotRead_Returns400ProblemNamingTheField(string field, string rawValue)
    {
        var policy = new FuzzJson(RobustnessBodies.LongWaitPolicy().ToJson());
        policy.Set(field, policy.Raw(rawValue));

        var (status, mediaType, text) = await SendAsync("PUT", $"api/policies/{Ids.NewPolicyName("find")}", Encoding.UTF8.GetBytes(policy.Render()));

        Assert.True(status == 400 && mediaType == "application/problem+json" && ErrorsName(text, field),
            $"PUT {field}={rawValue}\n -> {status} '{mediaType}' {text}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
    }

    [Fact]
    public async Task PutPolicy_DescriptionTooLongToStore_IsRefusedWith4xxNot503()
    {
        var policy = RobustnessBodies.LongWaitPolicy().With("description", new string('d', 40_000));

        var (status, mediaType, text) = await SendAsync("PUT", $"api/policies/{Ids.NewPolicyName("find")}", Encoding.UTF8.GetBytes(policy.ToString()));

        // A 503 says "retry shortly", but the same document can never be stored: the sender would retry forever.
        Assert.True(status is >= 400 and < 500 && mediaType == "application/problem+json",
            $"a 40,000-character description -> {status} '{mediaType}' {text}\nApp output:\n{Tail(fixture.App.RecentOutput)}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Payment_ValidBodyOver256KiB_Returns413WhetherChunkedOrNot(bool chunked)
    {
        var payment = PaymentBody.For(Ids.New("BIG"), 1.00m).With("padding", new string('x', 300 * 1024));

        var (status, mediaType, text) = await SendAsync("POST", "api/payments", Encoding.UTF8.GetBytes(payment.ToString()), chunked);

        Assert.True(status == 413 && mediaType == "application/problem+json",
            $"a {(chunked ? "chunked" : "Content-Length")} body of 300 KiB -> {status} '{mediaType}' {Shorten(text)}");
    }

    private static bool ErrorsName(string problem, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<(int Status, string? MediaType, string Text)> SendAsync(string method, string path, byte[] body, bool chunked = false)
    {
        using var client = new HttpClient(new CredentialsHandler(new HttpClientHandler())) { BaseAddress = fixture.App.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content = content;
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : "…" + text[^3000..];

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..1000] + "…";
}
