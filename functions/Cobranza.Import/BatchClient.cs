using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cobranza.Import;

/// <summary>One line of the batch API's answer.</summary>
public sealed record BatchLineResult(int Line, string? InvoiceId, string Result, Dictionary<string, string[]>? Errors);

/// <summary>
/// Sends case bodies to <c>POST /api/cases:batch</c> as NDJSON, signed as the ERP signs
/// (<c>X-Cobranza-Signature: t=…,v1=hex HMAC-SHA256 of "{t}.{body}"</c>), and reads the NDJSON answer.
/// </summary>
public sealed class BatchClient(HttpClient http, string erpSecret, TimeProvider time)
{
    public const int MaxLines = 10_000;

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<BatchLineResult>> SendAsync(IReadOnlyList<AgingReportRow> rows, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n', rows.Select(r => r.Body.ToJsonString())) + "\n");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/cases:batch") { Content = content };
        request.Headers.Add("X-Cobranza-Signature", Sign(body));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/cases:batch answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<BatchLineResult>(line, _json)!)
            .ToList();
    }

    private string Sign(byte[] body)
    {
        var t = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(erpSecret), signed))}";
    }
}
