using Azure.Core;
using Azure.Core.Pipeline;

namespace Cobranza.Benchmarks.Engine;

/// <summary>
/// Counts, from the moment the app's clients exist, the two storage calls that mark the runtime's progress: committed
/// entity-group transactions (every decision is one) and queue message deletes (every processed message ends with
/// one). Two interlocked counters, cheap enough to poll while measuring CPU time.
/// </summary>
public sealed class ProgressCounter : HttpPipelinePolicy
{
    private long _transactions;
    private long _queueDeletes;

    public long Transactions => Interlocked.Read(ref _transactions);

    public long QueueDeletes => Interlocked.Read(ref _queueDeletes);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        var request = message.Request;
        if (message.Response.Status >= 300)
        {
            return; // A refused transaction commits nothing (an entity-group transaction refused inside still answers 202: rare here, counted).
        }

        var path = request.Uri.Path;
        if (request.Method == RequestMethod.Post && path.EndsWith("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _transactions);
        }
        else if (request.Method == RequestMethod.Delete && path.Contains("/messages/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _queueDeletes);
        }
    }
}
