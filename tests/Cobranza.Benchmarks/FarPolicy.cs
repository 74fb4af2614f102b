using System.Text;
using System.Text.Json.Nodes;

namespace Cobranza.Benchmarks;

/// <summary>
/// A policy whose first step waits 30 days (P30D after the opening, since the benchmark cases are already overdue):
/// cases opened on it stay open and quiet for the whole run, with their timer parked in the timers table.
/// </summary>
public static class FarPolicy
{
    public const string Name = "far";

    /// <summary>PUTs the policy with a client that sends a supervisor's staff key.</summary>
    public static async Task PutAsync(HttpClient staffClient)
    {
        var step = new JsonObject { ["wait"] = "P30D", ["channels"] = new JsonArray("email"), ["template"] = "recordatorio-amable", ["tone"] = "friendly" };
        var policy = new JsonObject { ["steps"] = new JsonArray(step), ["handoff"] = new JsonObject { ["to"] = "agency", ["wait"] = "P30D" }, ["promiseGrace"] = "P2D" };
        using var response = await staffClient.PutAsync($"api/policies/{Name}", new StringContent(policy.ToJsonString(), Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT api/policies/{Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
