using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Messaging;

/// <summary>A debtor of the messaging tests: its own id, e-mail address and phone, so no two tests share an inbox.</summary>
public sealed record TestDebtor(string Id, string Email, string Phone, string Language, string TimeZone, string Name, string Currency)
{
    public static TestDebtor Mexican() => New("es-MX", "America/Mexico_City", "Ana López", "MXN");

    public static TestDebtor American() => New("en-US", "America/New_York", "Dana Smith", "USD");

    public static TestDebtor Brazilian() => New("pt-BR", "America/Sao_Paulo", "João Silva", "BRL");

    public static TestDebtor New(string language, string timeZone, string name, string currency)
    {
        var id = Ids.New("deudor");
        // +52 1 55 and eight random digits: E.164, and unique enough that an inbound STOP finds this debtor only.
        var phone = "+52155" + Random.Shared.NextInt64(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture);
        return new TestDebtor(id, $"{id}@example.com", phone, language, timeZone, name, currency);
    }

    public TestDebtor InZone(string timeZone) => this with { TimeZone = timeZone };

    /// <summary>An overdue invoice of this debtor (1,234.50 in the debtor's currency, due 30 days ago) on a policy.</summary>
    public CaseBody Invoice(string policy, string prefix = "MSG") =>
        CaseBody.Valid(Ids.New(prefix))
            .OnPolicy(policy)
            .OfAmount(1234.50m, Currency)
            .InLanguage(Language, TimeZone, Name, Phone)
            .ForDebtor(Id)
            .With("debtor.email", Email);
}

public static class CaseBodies
{
    public static DateOnly DueOn(this CaseBody body) =>
        DateOnly.ParseExact(body.ToJson()["dueOn"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Policies for the messaging tests, on the shipped templates and with a handoff far away.</summary>
public static class MessagingPolicies
{
    private static readonly string[] Templates = ["recordatorio-amable", "recordatorio-firme", "aviso-formal", "ultimo-aviso"];

    /// <summary>
    /// One step per wait on e-mail and SMS, with the shipped templates of their tones (friendly, firm, formal, final);
    /// handed off only after 30 days, so a case stays active after its last step.
    /// </summary>
    public static PolicyBody Ladder(params string[] waits)
    {
        var policy = PolicyBody.WithWaits(waits).HandedOffTo("agency", "P30D");
        for (var i = 0; i < waits.Length; i++)
        {
            policy.With($"steps[{i}].template", Templates[Math.Min(i, Templates.Length - 1)]);
        }

        return policy;
    }

    public static PolicyBody WithContactRules(this PolicyBody policy, string hours, string days, int maxPer7Days) =>
        policy.With("contactRules", new JsonObject
        {
            ["hours"] = hours,
            ["days"] = days,
            ["maxPer7Days"] = maxPer7Days,
            ["holidays"] = new JsonArray(),
        });
}

/// <summary>Staff actions and reads the messaging tests share.</summary>
public static class MessagingApi
{
    /// <summary>Sends the next step now (<c>POST /api/cases/{id}/escalate {"to":"next"}</c>).</summary>
    public static Task<CaseDto> EscalateNextAsync(this CobranzaApi api, string invoiceId) =>
        api.ActAsync(invoiceId, "escalate", new JsonObject { ["to"] = "next", ["reason"] = "test" });

    /// <summary>
    /// Waits for the case to satisfy <paramref name="done"/>; on timeout the failure carries the end of the app's output
    /// (its warnings and errors), which says why a message got stuck.
    /// </summary>
    public static async Task<CaseDto> WaitForCaseAsync(this AppFixture fixture, string invoiceId, Func<CaseDto, bool> done, string what)
    {
        try
        {
            return await fixture.Api.WaitForCaseAsync(invoiceId, done, what);
        }
        catch (TimeoutException e)
        {
            var output = fixture.App.RecentOutput;
            throw new TimeoutException($"{e.Message}\n--- the app's last output ---\n{(output.Length > 6000 ? output[^6000..] : output)}", e);
        }
    }

    /// <summary>Waits until every message of <paramref name="step"/> has left the pending/deferred states.</summary>
    public static Task<CaseDto> WaitForStepSettledAsync(this AppFixture fixture, string invoiceId, int step) =>
        fixture.WaitForCaseAsync(invoiceId, c => c.StepMessages(step).Any() && c.StepMessages(step).All(m => m.Status is not ("pending" or "deferred")),
            $"step {step} settled");

    public static IEnumerable<MessageDto> StepMessages(this CaseDto c, int step) => (c.Messages ?? []).Where(m => m.Step == step);

    public static MessageDto Message(this CaseDto c, string id) =>
        (c.Messages ?? []).SingleOrDefault(m => m.Id == id) ?? throw new Xunit.Sdk.XunitException($"{c.InvoiceId} has no message {id}: {Describe(c)}");

    public static IEnumerable<HistoryDto> Entries(this CaseDto c, string type) => (c.History ?? []).Where(h => h.Type == type);

    public static string? Text(this JsonElement details, string name) =>
        details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Describe(CaseDto c) =>
        string.Join(", ", (c.Messages ?? []).Select(m => $"{m.Id}={m.Status}")) + " | " + string.Join(", ", (c.History ?? []).Select(h => h.Type));

    /// <summary>Puts a template override as text/plain Liquid.</summary>
    public static Task<HttpResponseMessage> PutTemplateAsync(this CobranzaApi api, string path, string liquid)
    {
        var content = new StringContent(liquid, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return api.Client.PutAsync(path, content);
    }
}

/// <summary>The unsubscribe links in message texts.</summary>
public static partial class UnsubscribeLinks
{
    /// <summary>The one unsubscribe link of a text, which must start with the configured public base URL.</summary>
    public static string In(string text, string publicBaseUrl)
    {
        var links = Link().Matches(text).Select(m => m.Value).Where(l => l.StartsWith(publicBaseUrl + "/p/", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(links.Count == 1, $"expected one unsubscribe link {publicBaseUrl}/p/… in: {text}");
        return links[0];
    }

    /// <summary>The link's path (<c>p/{token}</c>), to ask the app under test rather than the public host.</summary>
    public static string PathOf(string link) => new Uri(link).AbsolutePath.TrimStart('/');

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex Link();
}

/// <summary>ACS events as Event Grid delivers them to the webhook (Event Grid schema: an array of events).</summary>
public static class AcsEventGrid
{
    private const string Topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/cobranza/providers/Microsoft.Communication/communicationServices/cobranza";

    public static JsonArray SubscriptionValidation(string code) => Batch("Microsoft.EventGrid.SubscriptionValidationEvent", "", new JsonObject
    {
        ["validationCode"] = code,
        ["validationUrl"] = $"https://rp-eastus2.eventgrid.azure.net/api/subscriptions/validate?id={code}",
    });

    public static JsonArray EmailDeliveryReport(string messageId, string sender, string recipient, string status, string detail = "") =>
        Batch("Microsoft.Communication.EmailDeliveryReportReceived", $"sender/{sender}/message/{messageId}", new JsonObject
        {
            ["sender"] = sender,
            ["recipient"] = recipient,
            ["messageId"] = messageId,
            ["status"] = status,
            ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = detail },
            ["deliveryAttemptTimeStamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });

    public static JsonArray SmsDeliveryReport(string messageId, string from, string to, string status) =>
        Batch("Microsoft.Communication.SMSDeliveryReportReceived", $"/phonenumber/{from.TrimStart('+')}", new JsonObject
        {
            ["messageId"] = messageId,
            ["from"] = from,
            ["to"] = to,
            ["deliveryStatus"] = status,
            ["deliveryStatusDetails"] = status == "Delivered" ? "No error." : "Undeliverable.",
            ["receivedTimestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["tag"] = "cobranza",
        });

    public static JsonArray SmsReceived(string from, string to, string message) =>
        Batch("Microsoft.Communication.SMSReceived", $"/phonenumber/{to.TrimStart('+')}", new JsonObject
        {
            ["messageId"] = "Incoming_" + Guid.NewGuid().ToString("N"),
            ["from"] = from,
            ["to"] = to,
            ["message"] = message,
            ["receivedTimestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });

    /// <summary>Posts events to <c>/api/events/acs</c>, with <c>?key=</c> unless <paramref name="key"/> is null.</summary>
    public static Task<HttpResponseMessage> PostAsync(CobranzaApi api, string? key, JsonNode events) =>
        api.PostAsync(key is null ? "api/events/acs" : $"api/events/acs?key={Uri.EscapeDataString(key)}", events);

    private static JsonArray Batch(string eventType, string subject, JsonObject data) =>
    [
        new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["topic"] = Topic,
            ["subject"] = subject,
            ["eventType"] = eventType,
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["data"] = data,
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
        },
    ];
}

/// <summary>Time zones without daylight saving, for tests that reason about the debtor's local clock.</summary>
public static class FixedZones
{
    // No Mexico City here: the validation tests in this test process check that a wrongly cased "america/mexico_city"
    // is refused, and .NET answers such lookups case-insensitively once the zone is cached.
    public static readonly string[] Candidates = ["America/Bogota", "Europe/Istanbul", "Asia/Tokyo"];

    /// <summary>The first candidate zone whose local time now satisfies <paramref name="fits"/>.</summary>
    public static (string Id, TimeZoneInfo Zone, DateTime Local) First(Func<DateTime, bool> fits)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var id in Candidates)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            if (fits(local))
            {
                return (id, zone, local);
            }
        }

        throw new InvalidOperationException($"None of {string.Join(", ", Candidates)} fits at {now:O}.");
    }
}
