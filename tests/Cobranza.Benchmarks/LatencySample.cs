using System.Globalization;

namespace Cobranza.Benchmarks;

/// <summary>Latencies of one kind of request, with the percentiles a report gives (nearest rank).</summary>
public sealed class LatencySample(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(TimeSpan latency)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>The <paramref name="percent"/>th percentile in milliseconds (100 = the maximum).</summary>
    public double Percentile(double percent)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }

    /// <summary>A markdown table row: name, count, p50, p90, p99, max.</summary>
    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Count} | {Percentile(50):F1} | {Percentile(90):F1} | {Percentile(99):F1} | {Percentile(100):F1} |");

    public const string Header = "| requests | count | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|";
}
