using Cobranza.Durable;
using Cobranza.Functions.Hosting.Triggers;

namespace Cobranza.Functions.Tests.Hosting;

/// <summary>Reading the Functions host's custom-handler payloads (pure), and the start-up check of the package's queue functions.</summary>
public sealed class HostInvocationTests
{
    private const string ControlText = "{\"i\":\"F-1\",\"k\":\"effects\"}";

    [Fact]
    public void QueueMessageText_AsTheHostSerializesAString_IsUnwrappedOnce()
    {
        // JsonConvert.SerializeObject("{...}") is "\"{...}\"", sent as a JSON string.
        var body = "{\"Data\":{\"message\":" + System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize(ControlText)) + "},\"Metadata\":{\"DequeueCount\":\"2\"}}";

        var invocation = HostInvocation.Parse(body);

        Assert.Equal(ControlText, invocation.QueueMessageText("message"));
        Assert.Equal(2, invocation.DequeueCount());
    }

    [Fact]
    public void QueueMessageText_AsTheDocumentedExampleShowsIt_IsTakenAsIs()
    {
        var body = "{\"Data\":{\"message\":" + System.Text.Json.JsonSerializer.Serialize(ControlText) + "},\"Metadata\":{\"DequeueCount\":1}}";

        var invocation = HostInvocation.Parse(body);

        Assert.Equal(ControlText, invocation.QueueMessageText("message"));
        Assert.Equal(1, invocation.DequeueCount());
    }

    [Fact]
    public void QueueMessageText_MessageTheHostParsedAsJson_IsItsRawText()
    {
        var invocation = HostInvocation.Parse("{\"Data\":{\"message\":" + ControlText + "}}");

        Assert.Equal(ControlText, invocation.QueueMessageText("message"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("\"1.5\"")]
    [InlineData("true")]
    public void DequeueCount_NotAWholeNumberFromOne_NamesTheField(string value)
    {
        var invocation = HostInvocation.Parse("{\"Data\":{},\"Metadata\":{\"DequeueCount\":" + value + "}}");

        var error = Assert.Throws<InvalidHostInvocationException>(() => invocation.DequeueCount());
        Assert.Equal("Metadata.DequeueCount", error.Field);
    }

    [Fact]
    public void TimerIsPastDue_TimerInfoOfTheHost_IsRead()
    {
        var invocation = HostInvocation.Parse("{\"Data\":{\"timer\":{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":true}},\"Metadata\":{}}");

        Assert.True(invocation.TimerIsPastDue("timer"));
    }

    [Fact]
    public void Verify_PackageWrittenForTheSameSettings_HasNoErrors()
    {
        using var root = new TempFolder();
        var layout = new StorageLayout("cobranza", 2);
        root.WriteQueueFunction("ControlQueue00", "cobranza-control-00");
        root.WriteQueueFunction("ControlQueue01", "cobranza-control-01");

        Assert.Empty(HostFunctionsCheck.Verify(root.Path, layout));
    }

    [Fact]
    public void Verify_PackageForFewerPartitionsOrAnotherHub_NamesEachMismatch()
    {
        using var root = new TempFolder();
        var layout = new StorageLayout("Cobranza", 3);
        root.WriteQueueFunction("ControlQueue00", "cobranza-control-00");
        root.WriteQueueFunction("ControlQueue01", "other-control-01");
        root.WriteQueueFunction("ControlQueue05", "cobranza-control-05");

        var errors = HostFunctionsCheck.Verify(root.Path, layout);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("ControlQueue01", StringComparison.Ordinal) && e.Contains("other-control-01", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ControlQueue02", StringComparison.Ordinal) && e.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ControlQueue05", StringComparison.Ordinal) && e.Contains("only 3 partitions", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_AcsEventsQueueSetButNotPackaged_NamesTheFunction()
    {
        using var root = new TempFolder();
        root.WriteQueueFunction("ControlQueue00", "cobranza-control-00");

        var errors = HostFunctionsCheck.Verify(root.Path, new StorageLayout("cobranza", 1), acsEventsQueue: "acs-events");

        Assert.Contains("AcsEvents", Assert.Single(errors), StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cobranza-functions-").FullName;

        public void WriteQueueFunction(string name, string queue)
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, name));
            File.WriteAllText(System.IO.Path.Combine(Path, name, "function.json"),
                "{\"bindings\":[{\"type\":\"queueTrigger\",\"direction\":\"in\",\"name\":\"message\",\"queueName\":\"" + queue + "\",\"connection\":\"AzureWebJobsStorage\"}]}");
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
