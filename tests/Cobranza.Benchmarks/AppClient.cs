using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cobranza.Functions.Http;

namespace Cobranza.Benchmarks;

/// <summary>
/// A real caller of an app process over loopback HTTP: the staff key on every request, webhooks signed with
/// <see cref="WebhookSignature"/> as the ERP and the payment system sign them. Connections are not capped, so that an
/// open-loop load never queues behind a connection limit in the client.
/// </summary>
public sealed class AppClient : IDisposable
{
    private readonly HttpClient _http;

    public AppClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        _http.DefaultRequestHeaders.Add("x-functions-key", BenchmarkApp.StaffKey);
    }

    public HttpClient Http => _http;

    /// <summary>The app settings that make a process accept this client: the benchmark's staff key and webhook secrets.</summary>
    public static Dictionary<string, string?> Credentials() => new()
    {
        ["Cobranza:Auth:Keys:bench:Key"] = BenchmarkApp.StaffKey,
        ["Cobranza:Auth:Keys:bench:Role"] = "supervisor",
        ["Cobranza:Webhooks:Erp:Secrets:0"] = BenchmarkApp.ErpSecret,
        ["Cobranza:Webhooks:Payments:Secrets:0"] = BenchmarkApp.PaymentsSecret,
        ["Cobranza:RateLimit:PerKeyPerMinute"] = "100000000",
        ["Cobranza:RateLimit:PerSourcePerMinute"] = "100000000",
    };

    /// <summary>POSTs a webhook body signed with <paramref name="secret"/> as <c>X-Cobranza-Signature</c>.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string secret, string mediaType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(secret, DateTimeOffset.UtcNow, bytes));
        return await _http.SendAsync(request);
    }

    /// <summary>PUTs a policy document (<c>PUT /api/policies/{name}</c>).</summary>
    public async Task PutPolicyAsync(string name, string policyJson)
    {
        using var response = await _http.PutAsync($"api/policies/{name}", new StringContent(policyJson, Encoding.UTF8, "application/json"));
        await ExpectAsync(response, 200);
    }

    /// <summary>The case with its history and messages (<c>GET /api/cases/{id}</c>).</summary>
    public async Task<JsonDocument> GetCaseAsync(string invoiceId)
    {
        using var response = await _http.GetAsync($"api/cases/{invoiceId}");
        await ExpectAsync(response, 200);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task ExpectAsync(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
