using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Cobranza.Durable.Local;

namespace Cobranza.Benchmarks.InMemory;

/// <summary>
/// An in-memory Azure Storage account behind the SDK's own HTTP pipeline: the clients build, sign and parse real REST
/// requests and answers, and this transport serves them from memory instead of the network. It implements the subset
/// of the Table, Queue and Blob REST APIs the app uses, with their refusals (ETag preconditions, conflicts, stale pop
/// receipts, all-or-nothing entity-group transactions), so that the app's CPU cost can be measured with storage taken
/// out. Thread-safe. The endpoints look like an Azurite's; the port tells the service.
/// </summary>
public sealed class InMemoryStorageTransport : HttpPipelineTransport
{
    public const int DefaultBlobPort = 20000, DefaultQueuePort = 20001, DefaultTablePort = 20002;

    private readonly TableService _tables = new();
    private readonly QueueService _queues = new();
    private readonly BlobService _blobs = new();
    private long _serviceCpuNanoseconds;

    public InMemoryStorageTransport(int blobPort, int queuePort, int tablePort)
    {
        (BlobPort, QueuePort, TablePort) = (blobPort, queuePort, tablePort);
        ConnectionString = AzuriteEndpoints.ConnectionString(blobPort, queuePort, tablePort);
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>A connection string for these endpoints with the emulator's account key.</summary>
    public string ConnectionString { get; }

    /// <summary>The blob service, for a benchmark to watch what the app wrote without going through a client.</summary>
    internal BlobService Blobs => _blobs;

    internal TableService Tables => _tables;

    public override Request CreateRequest() => new InMemoryRequest();

    /// <summary>CPU time spent serving requests (parsing, storing, answering): the storage's share of the process's CPU, not the app's.</summary>
    public TimeSpan ServiceCpu => TimeSpan.FromTicks(Interlocked.Read(ref _serviceCpuNanoseconds) / 100);

    public override void Process(HttpMessage message)
    {
        // The thread's CPU clock (a system call of about 2 µs here) around each request: the requests are served on the
        // caller's thread, so this is exactly the storage's CPU, spinning on its locks included.
        var started = ThreadCpu.Nanoseconds();
        Serve(message);
        Interlocked.Add(ref _serviceCpuNanoseconds, ThreadCpu.Nanoseconds() - started);
    }

    private void Serve(HttpMessage message)
    {
        var request = new StorageRequest((InMemoryRequest)message.Request);
        var port = message.Request.Uri.Port;
        var response = port == TablePort ? _tables.Handle(request)
            : port == QueuePort ? _queues.Handle(request)
            : port == BlobPort ? _blobs.Handle(request)
            : throw new InvalidOperationException($"No in-memory storage service on port {port}.");
        response.ClientRequestId = message.Request.ClientRequestId;
        response.With("x-ms-request-id", Guid.NewGuid().ToString());
        response.With("x-ms-version", message.Request.Headers.TryGetValue("x-ms-version", out var version) ? version : null);
        response.With("Date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        message.Response = response;
    }

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        message.CancellationToken.ThrowIfCancellationRequested();
        Process(message);
        return ValueTask.CompletedTask;
    }
}
