using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Cobranza.Durable;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Hosting;

/// <summary>
/// The app as the Azure Functions host drives it (<c>Cobranza:Durable:HostDriven=true</c>: it polls nothing itself). The
/// tests play the host: they take the control messages the runtime really wrote off the queue and POST them to
/// <c>/ControlQueueNN</c> in the host's custom-handler payload, and POST the timer trigger's payload to <c>/SweepTimers</c>.
/// The payloads are the host's (azure-functions-host ScriptInvocationContextExtensions: a string input and metadata
/// numbers go through JsonConvert.SerializeObject, so the message is a JSON-encoded string and DequeueCount a string).
/// </summary>
public sealed class HostDrivenAppFixture : AppFixture
{
    public const string Policy = "host-driven";

    public const int Partitions = 2;

    public StorageLayout Layout => new(HubName, Partitions);

    public HttpClient Host => App.CreateClientWithoutCredentials();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.PutPolicyAsync(Policy, PolicyBody.WithWaits("PT1S").OnChannels(1, "email"));
    }

    public QueueClient ControlQueue(string invoiceId) =>
        new(StorageConnection, Layout.ControlQueue(Layout.PartitionOf(invoiceId)), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Cobranza:Durable:HostDriven"] = "true";
        settings["Cobranza:Acs:EventsQueue"] = "acs-events";
        settings["Cobranza:Durable:Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Short, so a timer set a few seconds ahead passes through the timers table and the sweep within a test.
        settings["Cobranza:Durable:TimerHorizon"] = "00:00:05";
        settings["Cobranza:Durable:TimerSweepInterval"] = "00:00:02";
    }
}

public sealed class HostTriggerContractTests(HostDrivenAppFixture fixture) : IClassFixture<HostDrivenAppFixture>
{
    [Fact]
    public async Task ControlQueueFunction_TimerMessageTheRuntimeWrote_SendsTheStepAndAnswersOutputsLogsReturnValue()
    {
        var c = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("HOST")).OnPolicy(HostDrivenAppFixture.Policy));
        var queue = fixture.ControlQueue(c.InvoiceId);
        var message = await ReceiveForAsync(queue, c.InvoiceId);

        using var response = await fixture.Host.PostAsync(FunctionPath(c.InvoiceId), HostQueuePayload(message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, result.RootElement.GetProperty("Outputs").ValueKind);
        Assert.NotEmpty(result.RootElement.GetProperty("Logs").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, result.RootElement.GetProperty("ReturnValue").ValueKind);
        var after = await fixture.Api.GetCaseAsync(c.InvoiceId);
        Assert.Contains(after.Sent, m => m.Step == 1 && m.Channel == "email");
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    [Fact]
    public async Task SweepTimersFunction_HostTimerPayload_MovesATimerThatCameNearOntoItsControlQueue()
    {
        // PT8S is beyond the 5 s horizon when the case opens, so the timer waits in the timers table for a sweep.
        var policy = Ids.NewPolicyName("sweep");
        await fixture.Api.PutPolicyAsync(policy, PolicyBody.WithWaits("PT8S").OnChannels(1, "email"));
        var c = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("HOST")).OnPolicy(policy));
        var queue = fixture.ControlQueue(c.InvoiceId);

        var logs = await Eventually.WaitAsync(
            async () =>
            {
                using var response = await fixture.Host.PostAsync(HostFunctionsPath("SweepTimers"), Json(TimerPayload()));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(JsonValueKind.Null, result.RootElement.GetProperty("ReturnValue").ValueKind);
                await Task.Delay(500);
                return result.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()).ToList();
            },
            logs => logs.Any(l => l!.StartsWith("Moved 1 ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "a sweep that moves the case's timer");

        Assert.Single(logs);
        var message = await ReceiveForAsync(queue, c.InvoiceId);
        Assert.Contains("\"timer\"", message.MessageText, StringComparison.Ordinal);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    [Fact]
    public async Task ControlQueueFunction_TimerMessageNotMatchingItsCaseYet_FailsTheInvocationWith409SoTheHostRetries()
    {
        var c = await fixture.Api.OpenCaseAsync(CaseBody.Valid(Ids.New("HOST")).NotYetDue());
        var text = JsonSerializer.Serialize(new { i = c.InvoiceId, k = "timer", t = "not-the-pending-token", d = DateTimeOffset.UtcNow, g = "" });

        using var young = await fixture.Host.PostAsync(FunctionPath(c.InvoiceId), Json(QueuePayload(text, dequeueCount: "1")));
        using var old = await fixture.Host.PostAsync(FunctionPath(c.InvoiceId), Json(QueuePayload(text, dequeueCount: "3")));

        Assert.Equal(HttpStatusCode.Conflict, young.StatusCode);
        Assert.Equal("application/problem+json", young.Content.Headers.ContentType?.MediaType);
        // Received often enough, a timer that still does not match is stale: dropped, and the message may be deleted.
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("{}", "Data")]
    [InlineData("{\"Data\": {}, \"Metadata\": {\"DequeueCount\": \"1\"}}", "Data.message")]
    [InlineData("{\"Data\": {\"message\": 42}, \"Metadata\": {\"DequeueCount\": \"1\"}}", "Data.message")]
    [InlineData("{\"Data\": {\"message\": \"{\\\"i\\\": \\\"X-1\\\", \\\"k\\\": \\\"effects\\\"}\"}, \"Metadata\": {}}", "Metadata.DequeueCount")]
    [InlineData("{\"Data\": {\"message\": \"{\\\"i\\\": \\\"X-1\\\", \\\"k\\\": \\\"effects\\\"}\"}, \"Metadata\": {\"DequeueCount\": \"zero\"}}", "Metadata.DequeueCount")]
    [InlineData("{\"Data\": {\"message\": \"\\\"not a control message\\\"\"}, \"Metadata\": {\"DequeueCount\": \"1\"}}", "Data.message")]
    public async Task ControlQueueFunction_MalformedPayload_Answers400ProblemNamingTheField(string body, string field)
    {
        using var response = await fixture.Host.PostAsync(HostFunctionsPath("ControlQueue00"), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, field);
    }

    [Theory]
    [InlineData("{}", "Data")]
    [InlineData("{\"Data\": {}}", "Data.timer")]
    [InlineData("{\"Data\": {\"timer\": \"now\"}}", "Data.timer")]
    public async Task SweepTimersFunction_MalformedPayload_Answers400ProblemNamingTheField(string body, string field)
    {
        using var response = await fixture.Host.PostAsync(HostFunctionsPath("SweepTimers"), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, field);
    }

    [Theory]
    [InlineData("{\"eventType\": \"Microsoft.Communication.ChatMessageReceived\", \"data\": {}}", HttpStatusCode.OK)]
    [InlineData("{\"eventType\": \"Microsoft.Communication.EmailDeliveryReportReceived\", \"data\": {\"status\": \"Delivered\"}}", HttpStatusCode.BadRequest)]
    [InlineData("not an event", HttpStatusCode.BadRequest)]
    public async Task AcsEventsFunction_EventGridMessage_IsProcessedOrRefusedNamingTheMessage(string eventText, HttpStatusCode expected)
    {
        using var response = await fixture.Host.PostAsync(HostFunctionsPath("AcsEvents"), Json(QueuePayload(eventText, "1")));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            await AssertProblemNamingAsync(response, "Data.message");
        }
    }

    [Fact]
    public async Task ControlQueueFunction_BeyondTheConfiguredPartitions_IsNotServed()
    {
        using var response = await fixture.Host.PostAsync(HostFunctionsPath("ControlQueue02"), Json(QueuePayload("{}", "1")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task HostFunctions_RequestForwardedFromAzureFrontEnd_Answers404AndDoesNothing()
    {
        // The public HTTP function forwards any path; a request from outside carries the front end's X-Forwarded-For.
        using var request = new HttpRequestMessage(HttpMethod.Post, HostFunctionsPath("SweepTimers")) { Content = Json(TimerPayload()) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await fixture.Host.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private string FunctionPath(string invoiceId) => HostFunctionsPath($"ControlQueue{fixture.Layout.PartitionOf(invoiceId):D2}");

    private static string HostFunctionsPath(string function) => function;

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error under '{field}': {problem.RootElement}");
    }

    /// <summary>Waits until the runtime's message for the invoice is visible on the queue and receives it, as the host's queue listener does.</summary>
    private static async Task<QueueMessage> ReceiveForAsync(QueueClient queue, string invoiceId)
    {
        var giveUpAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value)
            {
                if (message.MessageText.Contains(invoiceId, StringComparison.Ordinal))
                {
                    return message;
                }

                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            Assert.True(DateTimeOffset.UtcNow < giveUpAt, $"No control message for {invoiceId} on {queue.Name}");
            await Task.Delay(200);
        }
    }

    /// <summary>The host's body for a queue trigger (binding "message"), built from the message as the host received it.</summary>
    private static StringContent HostQueuePayload(QueueMessage message)
    {
        var payload = QueuePayload(message.MessageText, message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var metadata = payload["Metadata"]!.AsObject();
        metadata["Id"] = JsonSerializer.Serialize(message.MessageId);
        metadata["PopReceipt"] = JsonSerializer.Serialize(message.PopReceipt);
        metadata["InsertionTime"] = message.InsertedOn?.ToString("O");
        metadata["ExpirationTime"] = message.ExpiresOn?.ToString("O");
        metadata["NextVisibleTime"] = message.NextVisibleOn?.ToString("O");
        return Json(payload);
    }

    private static JsonObject QueuePayload(string messageText, string dequeueCount) => new()
    {
        // JsonConvert.SerializeObject(string): the text as a JSON string literal, itself sent as a JSON string.
        ["Data"] = new JsonObject { ["message"] = JsonSerializer.Serialize(messageText) },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount,
            ["sys"] = new JsonObject { ["MethodName"] = "ControlQueue", ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
        },
    };

    /// <summary>The host's body for a timer trigger (binding "timer"): the TimerInfo object.</summary>
    private static JsonObject TimerPayload() => new()
    {
        ["Data"] = new JsonObject
        {
            ["timer"] = new JsonObject
            {
                ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = new JsonObject { ["Last"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"), ["Next"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), ["LastUpdated"] = DateTimeOffset.UtcNow.ToString("O") },
                ["IsPastDue"] = false,
            },
        },
        ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = "SweepTimers", ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() } },
    };

    private static StringContent Json(JsonObject payload) => new(payload.ToJsonString(), Encoding.UTF8, "application/json");
}
