using System.Net;
using System.Text.Json;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Console.Tests.Support;

/// <summary>Reads every case through the API the page uses (all pages), for figures the tests compute themselves.</summary>
public static class CaseList
{
    public static async Task<List<JsonElement>> AllAsync(CobranzaApi api)
    {
        var result = new List<JsonElement>();
        string? token = null;
        do
        {
            var path = "api/cases?pageSize=500" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            using var response = await api.GetAsync(path);
            var page = await CobranzaApi.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
            result.AddRange(page.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return result;
    }
}
