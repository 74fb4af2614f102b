using System.Net;
using System.Text;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Api;

/// <summary>
/// Requests that are wrong in ways other than a field's value. Each must be refused with the right 4xx as
/// application/problem+json (every response in these tests also passes through <see cref="ContractCheckingHandler"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorResponseTests(AppFixture fixture)
{
    public const string Big = "@big";

    [Theory]
    [InlineData("POST", "api/cases", "text/plain", "invoice", 415)]
    [InlineData("POST", "api/cases", "application/json", "[]", 400)]
    [InlineData("POST", "api/cases", "application/json", "null", 400)]
    [InlineData("POST", "api/cases", "application/json", "{}", 400)]
    [InlineData("POST", "api/cases", "application/json", Big, 413)]
    [InlineData("GET", "api/cases?pageSize=abc", null, null, 400)]
    [InlineData("GET", "api/cases?pageSize=0", null, null, 400)]
    [InlineData("GET", "api/cases?state=open", null, null, 400)]
    [InlineData("GET", "api/cases/has%20space", null, null, 404)]
    [InlineData("DELETE", "api/cases", null, null, 405)]
    [InlineData("GET", "api/no-such-route", null, null, 404)]
    [InlineData("POST", "api/cases/no-such-case/notes", "application/json", "{\"text\":\"hi\"}", 404)]
    [InlineData("POST", "api/cases/no-such-case/notes", "application/json", "{}", 400)]
    [InlineData("POST", "api/cases/no-such-case/escalate", "application/json", "{\"to\":\"sideways\"}", 400)]
    [InlineData("POST", "api/payments", "application/json", "{", 400)]
    [InlineData("POST", "api/payments", "text/plain", "payment", 415)]
    [InlineData("POST", "api/payments/unmatched/p-1/match", "application/json", "{}", 400)]
    [InlineData("PUT", "api/policies/p-1", "application/json", "null", 400)]
    [InlineData("PUT", "api/policies/p-1", "application/json", Big, 413)]
    public async Task Request_Malformed_IsRefusedWithTheRightStatusAsProblemJson(string method, string path, string? contentType, string? body, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            var text = body == Big ? "{\"padding\":\"" + new string('x', 300 * 1024) + "\"}" : body;
            request.Content = new StringContent(text, Encoding.UTF8, contentType!);
        }

        using var response = await fixture.Api.Client.SendAsync(request);

        await Problem.AssertAsync(response, (HttpStatusCode)status);
    }
}
