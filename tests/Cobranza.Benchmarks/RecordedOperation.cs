namespace Cobranza.Benchmarks;

/// <summary>One shape of table batch: the methods of its parts in order, how often it ran, each part's mean body size and a sample body.</summary>
public sealed record BatchShape(IReadOnlyList<string> Methods, long Count, IReadOnlyList<int> MeanBytes, IReadOnlyList<string> SampleBodies);

/// <summary>
/// All requests of one operation on one table, queue or container seen by a <see cref="StorageRequestTap"/>: how many,
/// their mean body size, the targets they named (keys read, queries run, blobs written; kept up to
/// <see cref="MaxTargets"/>), the body of the first table write and, for batches, each shape (the methods of its parts
/// in order) with its count, mean part sizes and the part bodies of its first batch.
/// </summary>
public sealed class RecordedOperation(string operation, string resource)
{
    public const int MaxTargets = 20_000;

    private readonly Lock _lock = new();
    private readonly List<string> _targets = [];
    private readonly Dictionary<string, (long Count, long[] Bytes, string[] Bodies)> _shapes = new(StringComparer.Ordinal);
    private string? _sampleBody;
    private long _count;
    private long _bodyBytes;
    private TimeSpan _took;
    private DateTimeOffset _first = DateTimeOffset.MaxValue;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public string Operation { get; } = operation;

    public string Resource { get; } = resource;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public double MeanBodyBytes
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? 0 : (double)_bodyBytes / _count;
            }
        }
    }

    /// <summary>When the first and the last of these requests ended.</summary>
    public (DateTimeOffset First, DateTimeOffset Last) Span
    {
        get
        {
            lock (_lock)
            {
                return (_first, _last);
            }
        }
    }

    /// <summary>The mean time from sending a request to its response.</summary>
    public TimeSpan MeanLatency
    {
        get
        {
            lock (_lock)
            {
                return _count == 0 ? TimeSpan.Zero : _took / _count;
            }
        }
    }

    public IReadOnlyList<string> Targets
    {
        get
        {
            lock (_lock)
            {
                return [.. _targets];
            }
        }
    }

    /// <summary>The JSON body of the first of these requests that had one (a table write).</summary>
    public string? SampleBody
    {
        get
        {
            lock (_lock)
            {
                return _sampleBody;
            }
        }
    }

    /// <summary>Each batch shape: its methods in order, how often it ran, the mean body size of each part, the bodies of its first batch.</summary>
    public IReadOnlyList<BatchShape> Shapes
    {
        get
        {
            lock (_lock)
            {
                return [.. _shapes.Select(s => new BatchShape(s.Key.Split(','), s.Value.Count, [.. s.Value.Bytes.Select(b => (int)(b / s.Value.Count))], s.Value.Bodies))];
            }
        }
    }

    public override string ToString() => $"{Operation} [{Resource}]";

    internal void Add(TappedRequest request, DateTimeOffset endedAt, TimeSpan took)
    {
        lock (_lock)
        {
            _count++;
            _took += took;
            _first = endedAt < _first ? endedAt : _first;
            _last = endedAt > _last ? endedAt : _last;
            _bodyBytes += request.BodyBytes;
            if (request.Target is { } target && _targets.Count < MaxTargets)
            {
                _targets.Add(target);
            }

            _sampleBody ??= string.IsNullOrEmpty(request.Body) ? null : request.Body;
            if (request.Parts is { Count: > 0 } parts)
            {
                var key = string.Join(',', parts.Select(p => p.Method));
                var (count, bytes, bodies) = _shapes.TryGetValue(key, out var shape) ? shape : (0, new long[parts.Count], parts.Select(p => p.Body).ToArray());
                for (var i = 0; i < parts.Count; i++)
                {
                    bytes[i] += parts[i].BodyBytes;
                }

                _shapes[key] = (count + 1, bytes, bodies);
            }
        }
    }
}
