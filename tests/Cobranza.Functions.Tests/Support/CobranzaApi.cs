using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cobranza.Functions.Tests.Support;

/// <summary>The app's HTTP API as the tests use it: raw requests, and typed reads of the JSON it answers.</summary>
public sealed class CobranzaApi(HttpClient client)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Client => client;

    public Task<HttpResponseMessage> PostAsync(string path, object? body) => client.PostAsync(path, Content(body));

    public Task<HttpResponseMessage> PutAsync(string path, object? body) => client.PutAsync(path, Content(body));

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    public static StringContent Content(object? body)
    {
        var text = body switch
        {
            null => "",
            string raw => raw,
            JsonNode node => node.ToJsonString(),
            _ => body.ToString() ?? "",
        };
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public async Task<PolicyDto> PutPolicyAsync(string name, PolicyBody policy)
    {
        using var response = await PutAsync($"api/policies/{name}", policy.ToJson());
        return await ReadAsync<PolicyDto>(response, HttpStatusCode.OK);
    }

    /// <summary>Opens a new case and returns it as the 202 answered it.</summary>
    public async Task<CaseDto> OpenCaseAsync(CaseBody body)
    {
        using var response = await PostAsync("api/cases", body.ToJson());
        return await ReadAsync<CaseDto>(response, HttpStatusCode.Accepted);
    }

    public async Task<CaseDto> GetCaseAsync(string invoiceId)
    {
        using var response = await GetAsync($"api/cases/{Uri.EscapeDataString(invoiceId)}");
        return await ReadAsync<CaseDto>(response, HttpStatusCode.OK);
    }

    /// <summary>Sends a staff action and returns the case it answers with (200).</summary>
    public async Task<CaseDto> ActAsync(string invoiceId, string action, object? body)
    {
        using var response = await PostAsync($"api/cases/{Uri.EscapeDataString(invoiceId)}/{action}", body);
        return await ReadAsync<CaseDto>(response, HttpStatusCode.OK);
    }

    public async Task<PaymentResponseDto> PayAsync(PaymentBody payment, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var response = await PostAsync("api/payments", payment.ToJson());
        return await ReadAsync<PaymentResponseDto>(response, expected);
    }

    public Task<CaseDto> WaitForCaseAsync(string invoiceId, Func<CaseDto, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => GetCaseAsync(invoiceId), done, timeout ?? Eventually.Ladder, $"{invoiceId}: {what}");

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }
}

// What the API answers, read independently of the app's own types (the wire format is what is tested).

public sealed record CaseDto(
    string InvoiceId,
    string? InvoiceNumber,
    string State,
    string? HandedOffTo,
    string? ClosedReason,
    decimal Amount,
    decimal Balance,
    decimal Overpayment,
    string Currency,
    DebtorDto Debtor,
    PolicyRefDto Policy,
    int CurrentStep,
    DateTimeOffset? NextActionAt,
    PromiseDto? Promise,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    List<HistoryDto>? History,
    List<MessageDto>? Messages,
    List<PaymentDto> Payments)
{
    public int Count(string historyType) => (History ?? []).Count(h => h.Type == historyType);

    public bool Has(string historyType) => Count(historyType) > 0;

    public IEnumerable<MessageDto> Sent => (Messages ?? []).Where(m => m.Status == "sent");

    public bool HasPendingMessages => (Messages ?? []).Any(m => m.Status == "pending");
}

public sealed record DebtorDto(string Id, string Name, string? Email, string? Phone, string Language, string TimeZone);

public sealed record PolicyRefDto(string Name, int Version);

public sealed record PromiseDto(DateOnly PromisedOn, decimal? Amount, string? Note, string Status, DateTimeOffset DeadlineAt);

public sealed record HistoryDto(long Seq, DateTimeOffset At, string Type, string Actor, JsonElement Details);

public sealed record MessageDto(string Id, int Step, string Channel, string Language, string To, string Status, string? Subject, string? Body, DateTimeOffset? SentAt);

public sealed record PaymentDto(string PaymentId, decimal Amount, string Currency, DateTimeOffset PaidAt, decimal Applied);

public sealed record CasePageDto(List<CaseDto> Value, string? ContinuationToken);

public sealed record PaymentResponseDto(string PaymentId, string InvoiceId, string Status);

public sealed record UnmatchedPaymentDto(string PaymentId, string InvoiceId, decimal Amount, string Currency, string Status);

public sealed record UnmatchedPageDto(List<UnmatchedPaymentDto> Value);

public sealed record PolicyDto(string Name, int Version, string? Description, List<PolicyStepDto> Steps, JsonElement Handoff, string PromiseGrace);

public sealed record PolicyStepDto(string Wait, List<string> Channels, string Template, string Tone);
