using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Core;

namespace Cobranza.Benchmarks;

/// <summary>
/// Sees every storage request of the app through the Azure SDK's own diagnostic listener ("Azure.Core" reports the
/// start and end of each try of a request with its <see cref="HttpMessage"/>) and records, per operation and table,
/// queue or container, what a raw replay of the same work needs (<see cref="RecordedOperation"/>), how long the calls
/// took, and how many were in flight over time. <see cref="StorageTransactionCounter"/> counts by operation only and
/// cannot be extended from outside the app's pipeline; this adds the resource, and the two totals are compared in the
/// report. Clients built with distributed tracing off (the benchmark's own) are not seen.
/// </summary>
public sealed class StorageRequestTap : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string StartEvent = "Azure.Core.Http.Request.Start";
    private const string StopEvent = "Azure.Core.Http.Request.Stop";

    private readonly Dictionary<int, string> _services;
    private readonly ConcurrentDictionary<(string Operation, string Resource), RecordedOperation> _operations = new();
    private readonly ConcurrentQueue<(TappedRequest Request, Response Response, DateTimeOffset EndedAt, TimeSpan Took)> _receives = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, int Change)> _inFlightChanges = new();
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _recording;
    private int _failures;
    private Exception? _lastFailure;

    public StorageRequestTap(int blobPort, int queuePort, int tablePort)
    {
        _services = new Dictionary<int, string> { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Called after each recorded request (on the request's thread): lets a caller follow progress without polling storage.</summary>
    public event Action<RecordedOperation>? Recorded;

    /// <summary>Requests the tap could not read (it never fails the app's request), and the last reason.</summary>
    public (int Count, Exception? Last) Failures => (_failures, _lastFailure);

    public void Start()
    {
        _operations.Clear();
        _receives.Clear();
        _inFlightChanges.Clear();
        _recording = true;
    }

    public IReadOnlyList<RecordedOperation> Stop()
    {
        _recording = false;
        while (_receives.TryDequeue(out var receive))
        {
            Record(receive.Request with { Operation = IsEmpty(receive.Response) ? TappedRequest.EmptyReceive : TappedRequest.Receive }, receive.EndedAt, receive.Took);
        }

        return [.. _operations.Values];
    }

    /// <summary>The mean number of the app's storage calls in flight between <paramref name="from"/> and <paramref name="to"/> (time-weighted).</summary>
    public double MeanInFlight(DateTimeOffset from, DateTimeOffset to)
    {
        var inFlight = 0;
        var weighted = 0.0;
        var previous = from;
        foreach (var (at, change) in _inFlightChanges.OrderBy(c => c.At))
        {
            if (at > from && at <= to)
            {
                weighted += inFlight * (at - previous).TotalSeconds;
                previous = at;
            }
            else if (at > to)
            {
                break;
            }

            inFlight += change;
        }

        weighted += inFlight * (to - previous).TotalSeconds;
        return weighted / (to - from).TotalSeconds;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Azure.Core")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name.StartsWith("Azure.Core.Http.Request", StringComparison.Ordinal)));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!_recording || value.Value is not HttpMessage message || !_services.TryGetValue(message.Request.Uri.Port, out var service))
        {
            return;
        }

        // This runs inside the app's request: whatever goes wrong here must not fail it.
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (value.Key == StartEvent)
            {
                message.SetProperty(typeof(StorageRequestTap), now);
                _inFlightChanges.Enqueue((now, 1));
                return;
            }

            if (value.Key != StopEvent || !message.HasResponse || !message.TryGetProperty(typeof(StorageRequestTap), out var started))
            {
                return; // A request that started before recording did is left out, as the counter leaves it out.
            }

            _inFlightChanges.Enqueue((now, -1));
            var took = now - (DateTimeOffset)started!;
            var operation = TappedRequest.Read(service, message);
            if (operation.Operation == TappedRequest.Receive)
            {
                // The SDK reads a receive's body after this event; a read body stays readable after the message is
                // disposed, so whether the receive brought messages is decided when the tap stops.
                _receives.Enqueue((operation, message.Response, now, took));
                return;
            }

            Recorded?.Invoke(Record(operation, now, took));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            _lastFailure = e;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
    }

    private RecordedOperation Record(TappedRequest request, DateTimeOffset endedAt, TimeSpan took)
    {
        var recorded = _operations.GetOrAdd((request.Operation, request.Resource), key => new RecordedOperation(key.Operation, key.Resource));
        recorded.Add(request, endedAt, took);
        return recorded;
    }

    private bool IsEmpty(Response response)
    {
        try
        {
            return !response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal);
        }
        catch (InvalidOperationException e)
        {
            Interlocked.Increment(ref _failures);
            _lastFailure = e;
            return false;
        }
    }
}
