using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cobranza.Functions.Cases;
using Cobranza.Functions.Http;

namespace Cobranza.Benchmarks;

/// <summary>
/// Opens cases through <c>POST /api/cases:batch</c> as the ERP (or the aging-report import) does: NDJSON bodies of
/// <see cref="LifecycleTransactions.CaseJson"/> lines, signed with the ERP secret, several requests in flight. Every
/// line must come back <c>created</c>: a benchmark that opened fewer cases than it counts measures nothing.
/// </summary>
public static class CaseBatches
{
    /// <summary>The request bodies, built before any clock starts.</summary>
    public static IReadOnlyList<byte[]> Bodies(IEnumerable<string> invoiceIds, string policy, int linesPerRequest) =>
        [.. invoiceIds.Chunk(linesPerRequest).Select(ids => Encoding.UTF8.GetBytes(string.Concat(ids.Select(id => LifecycleTransactions.CaseJson(id, policy) + "\n"))))];

    public static async Task SendAsync(HttpClient client, string erpSecret, IReadOnlyList<byte[]> bodies, int inFlight)
    {
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (body, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, BatchIntakeApi.Route.TrimStart('/')) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(BatchIntakeApi.MediaType);
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(erpSecret, DateTimeOffset.UtcNow, body));
            using var response = await client.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The batch answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 2000)]}");
            }

            var notCreated = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(line => JsonNode.Parse(line)!["result"]!.GetValue<string>() != BatchLineResult.Created);
            if (notCreated is not null)
            {
                throw new InvalidOperationException("A line of the batch did not open a case: " + notCreated);
            }
        });
    }
}
