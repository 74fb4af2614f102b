using Cobranza.Domain;
using Cobranza.Messaging.Acs;
using Cobranza.Testing.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cobranza.Messaging.Tests.Acs;

/// <summary>
/// A <see cref="FakeAcsServer"/> and the ACS channels wired against it through <see cref="AcsChannels.AddAcsChannels"/>,
/// both on one <see cref="FakeTimeProvider"/> (so signatures are fresh for the fake and waits cost no real time).
/// </summary>
internal sealed class AcsHarness : IAsyncDisposable
{
    public const string EmailFrom = "cobranza@contoso.example";
    public const string SmsFrom = "+15550100000";

    private AcsHarness(FakeAcsServer server, ServiceProvider services, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        Server = server;
        Services = services;
        Time = time;
        Logs = logs;
    }

    public FakeAcsServer Server { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Everything the channels (and their HTTP clients) logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    public AcsEmailChannel Email => Services.GetRequiredService<AcsEmailChannel>();

    public AcsSmsChannel Sms => Services.GetRequiredService<AcsSmsChannel>();

    /// <param name="settings">Changes to the <c>Cobranza:Acs</c> settings (keys without the section), null removes one.</param>
    /// <param name="services">More registrations (a <c>TokenCredential</c>, say).</param>
    /// <param name="clientTime">The channels' clock when it must differ from the fake's.</param>
    public static async Task<AcsHarness> StartAsync(
        Action<Dictionary<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? clientTime = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var server = await FakeAcsServer.StartAsync(time);

        var values = new Dictionary<string, string?>
        {
            ["ConnectionString"] = server.ConnectionString,
            ["EmailFrom"] = EmailFrom,
            ["SmsFrom"] = SmsFrom,
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(kv => $"{AcsOptions.Section}:{kv.Key}", kv => kv.Value))
            .Build();

        var logs = new CapturingLoggerProvider();
        var collection = new ServiceCollection().AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton<TimeProvider>(clientTime ?? time);
        services?.Invoke(collection);
        collection.AddAcsChannels(configuration);
        return new AcsHarness(server, collection.BuildServiceProvider(validateScopes: true), time, logs);
    }

    /// <summary>
    /// Awaits <paramref name="task"/> while moving the fake clock on in small steps, so retry waits, polls and timeouts
    /// pass without real waiting. Bounded: a send that never finishes fails the test instead of hanging it.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> task)
    {
        for (var step = 0; step < 20_000 && !task.IsCompleted; step++)
        {
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(250));
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>Outbound messages for the ACS tests.</summary>
internal static class AcsMessages
{
    public static readonly DateTimeOffset DecidedAt = new(2026, 11, 23, 8, 30, 0, TimeSpan.Zero);

    public static OutboundMessage Email(string idempotencyKey = "case-1/step-1/email", string messageId = "msg-email-1") =>
        new(
            idempotencyKey,
            InvoiceId: "INV-1001",
            messageId,
            Channel.Email,
            To: "deudor@example.com",
            Language: "es",
            Subject: "Recordatorio de pago: factura INV-1001",
            Body: "Su factura INV-1001 vence el 30 de noviembre.",
            FirstAttemptAt: DecidedAt,
            HtmlBody: "<p>Su factura <b>INV-1001</b> vence el 30 de noviembre.</p>");

    public static OutboundMessage Sms(string idempotencyKey = "case-1/step-2/sms", string messageId = "msg-sms-1", string to = "+5215512345678") =>
        new(
            idempotencyKey,
            InvoiceId: "INV-1001",
            messageId,
            Channel.Sms,
            to,
            Language: "es",
            Subject: "",
            Body: "Su factura INV-1001 vence el 30/11. Responda STOP para no recibir mensajes.",
            FirstAttemptAt: DecidedAt);
}
