using System.Collections;
using System.Diagnostics;
using Cobranza.Functions.Telemetry;
using Cobranza.Functions.Tests.Support;
using Cobranza.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Cobranza.Functions.Tests.Hosting;

/// <summary>
/// The app in memory with its OpenTelemetry pipeline exporting to in-memory collections: a case runs its first step
/// (decision, timer fire, message send) and everything exported is searched for the debtor's personal data.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public const string Email = "ana.telemetria@example.com";
    public const string Phone = "+5215598765432";
    public const string Name = "Ana Telemetría Pérez";

    private readonly AzuriteFixture _azurite = new();

    public LockedList<Activity> Activities { get; } = new();

    public LockedList<LogRecord> Logs { get; } = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public CobranzaApi Api => new(Factory.CreateDefaultClient(new ContractCheckingHandler(), new CredentialsHandler()));

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in AppHost.Settings(_azurite.ConnectionString, AppHost.NewHubName()))
            {
                web.UseSetting(key, value);
            }

            web.UseEnvironment("Production")
                .UseSetting("Logging:LogLevel:Default", "Debug")
                .ConfigureTestServices(services =>
                {
                    services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities));
                    services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(Logs));
                });
        });
        _ = Factory.Server;
    }

    public void Flush()
    {
        Factory.Services.GetService<TracerProvider>()?.ForceFlush();
        Factory.Services.GetService<LoggerProvider>()?.ForceFlush();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

public sealed class TelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task FirstStep_DecisionTimerFireAndSend_AreSpansWithCaseInvoiceAndStepAndNoPersonalDataIsExported()
    {
        var api = fixture.Api;
        var policy = Ids.NewPolicyName("otel");
        await api.PutPolicyAsync(policy, PolicyBody.WithWaits("PT1S", "P30D"));
        var body = CaseBody.Valid(Ids.New("OTEL")).OnPolicy(policy)
            .With("debtor.email", TelemetryFixture.Email).With("debtor.phone", TelemetryFixture.Phone).With("debtor.name", TelemetryFixture.Name);
        var invoiceId = (await api.OpenCaseAsync(body)).InvoiceId;
        await api.WaitForCaseAsync(invoiceId, c => c.Sent.Count(m => m.Step == 1) == 2, "step 1 sent on e-mail and SMS");
        await api.PostAsync($"api/cases/{invoiceId}/notes", new { text = "llamar el lunes" });

        fixture.Flush();
        var spans = fixture.Activities.Snapshot().Where(a => Equals(a.GetTagItem(CobranzaTelemetry.InvoiceIdAttribute), invoiceId)).ToList();
        Assert.Contains(spans, a => a.OperationName == "cobranza.case.decide" && (a.GetTagItem(CobranzaTelemetry.CommandAttribute) as string ?? "").StartsWith("open", StringComparison.Ordinal));
        var fire = Assert.Single(spans, a => a.OperationName == "cobranza.timer.fire");
        Assert.Equal(1, fire.GetTagItem(CobranzaTelemetry.StepAttribute));
        var sends = spans.Where(a => a.OperationName == "cobranza.effect.send").ToList();
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s =>
        {
            Assert.Equal(invoiceId, s.GetTagItem(CobranzaTelemetry.CaseIdAttribute));
            Assert.Equal(1, s.GetTagItem(CobranzaTelemetry.StepAttribute));
        });

        var exported = fixture.Activities.Snapshot().SelectMany(SpanTexts).Concat(fixture.Logs.Snapshot().SelectMany(LogTexts)).ToList();
        Assert.NotEmpty(fixture.Logs.Snapshot());
        foreach (var personal in new[]
                 {
                     TelemetryFixture.Email, Uri.EscapeDataString(TelemetryFixture.Email), "ana.telemetria", TelemetryFixture.Phone.TrimStart('+'),
                     TelemetryFixture.Name, Uri.EscapeDataString(TelemetryFixture.Name), "llamar el lunes",
                 })
        {
            var leaks = exported.Where(text => text.Contains(personal, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
            Assert.True(leaks.Count == 0, $"'{personal}' was exported:\n{string.Join('\n', leaks)}");
        }
    }

    [Fact]
    public void AzureMonitorConnection_OnlyWithAConnectionString_AndWithTheNamedIdentityWhenEntraIdIsRequired()
    {
        var none = new ConfigurationBuilder().Build();
        var withIdentity = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AzureMonitorConnection.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000",
            [AzureMonitorConnection.AuthenticationStringSetting] = "ClientId=3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b;Authorization=AAD",
        }).Build();

        Assert.Null(AzureMonitorConnection.Read(none));
        var connection = AzureMonitorConnection.Read(withIdentity)!;
        Assert.Equal(new Cobranza.Durable.AzureCredentialChoice(true, "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"), connection.Credential);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/t1Debtors(PartitionKey='~phone%7C%2B5215598765432',RowKey='d-1')?$select=x", "http://127.0.0.1:10002/devstoreaccount1/t1Debtors/…")]
    [InlineData("https://st.table.core.windows.net/cobranzaInstances()?$filter=PartitionKey%20eq%20'F-1'", "https://st.table.core.windows.net/cobranzaInstances/…")]
    [InlineData("https://st.blob.core.windows.net/outbox/F-1/ana%40example.com.json", "https://st.blob.core.windows.net/outbox/…")]
    [InlineData("https://acs.communication.azure.com/emails:send?api-version=2023-03-31", "https://acs.communication.azure.com/emails:send/…")]
    [InlineData("https://st.queue.core.windows.net/", "https://st.queue.core.windows.net/")]
    public void OutgoingUrl_StorageKeysAndQueries_AreDropped(string url, string redacted)
    {
        Assert.Equal(redacted, OutgoingUrl.Redact(new Uri(url)));
    }

    private static IEnumerable<string> SpanTexts(Activity activity) =>
        new[] { activity.DisplayName, activity.OperationName }
            .Concat(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")));

    private static IEnumerable<string> LogTexts(LogRecord log) =>
        new[] { log.FormattedMessage ?? "", log.Body ?? "", log.Exception?.ToString() ?? "" }
            .Concat((log.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"));
}

/// <summary>A collection the exporters may add to from several threads while a test reads a snapshot.</summary>
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count { get { lock (_items) { return _items.Count; } } }

    public bool IsReadOnly => false;

    public void Add(T item) { lock (_items) { _items.Add(item); } }

    public void Clear() { lock (_items) { _items.Clear(); } }

    public bool Contains(T item) { lock (_items) { return _items.Contains(item); } }

    public void CopyTo(T[] array, int arrayIndex) { lock (_items) { _items.CopyTo(array, arrayIndex); } }

    public bool Remove(T item) { lock (_items) { return _items.Remove(item); } }

    public List<T> Snapshot() { lock (_items) { return [.. _items]; } }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
