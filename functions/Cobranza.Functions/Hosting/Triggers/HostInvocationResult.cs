using System.Text.Json.Serialization;

namespace Cobranza.Functions.Hosting.Triggers;

/// <summary>
/// What a custom handler answers the Functions host for a non-HTTP trigger: <c>{"Outputs": {}, "Logs": [], "ReturnValue": null}</c>
/// with status 200 (https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#response-payload). Our
/// functions have no output bindings; the host writes <see cref="Logs"/> to the function's log. Any non-2xx status fails
/// the invocation (a queue message then becomes visible again and goes to its poison queue after maxDequeueCount).
/// </summary>
public sealed record HostInvocationResult(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static HostInvocationResult Done(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
