using Azure.Monitor.OpenTelemetry.Exporter;
using Cobranza.Functions.Messaging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cobranza.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for the app: traces (incoming requests, outgoing HTTP, the app's case spans), metrics (requests, HTTP
/// client, the app's meter with <c>cobranza.messages.failed</c>) and logs. Collected always (so tests can export them in
/// memory); exported to Azure Monitor only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.
/// </summary>
public static class TelemetryServices
{
    public static IServiceCollection AddCobranzaTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var azureMonitor = AzureMonitorConnection.Read(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cobranza"))
            .WithTracing(tracing => tracing
                .AddSource(CobranzaTelemetry.SourceName)
                // Query strings are redacted by the instrumentation; bodies are never recorded.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/api/health"))
                .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    // Storage keys hold e-mail addresses and phone numbers: only the resource the call went to is kept.
                    if (request.RequestUri is { } url)
                    {
                        activity.SetTag("url.full", OutgoingUrl.Redact(url));
                    }
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(MessageFailures.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging(_ => { }, options =>
            {
                // The message template and its named values are exported; the values are ids, never personal data.
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = false;
            });

        if (azureMonitor is not null)
        {
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = azureMonitor.ConnectionString;
                if (azureMonitor.CreateCredential() is { } credential)
                {
                    options.Credential = credential;
                }
            });
        }

        return services;
    }
}
