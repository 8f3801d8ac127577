using System.Numerics;

namespace Chat.LoadTest.Measurement;

/// <summary>
/// A log-linear histogram of nanoseconds (after HdrHistogram, 64 sub-buckets per power of
/// two: under 1.6% error): recording is one array increment, so a receive loop can record
/// every delivery. Not thread-safe; <see cref="LatencyRecorder"/> gives each thread its own.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int SubCount = 1 << SubBits;            // 64
    private const int LinearCount = 2 * SubCount;         // 0..127 ns exactly
    private const int BucketCount = LinearCount + 57 * SubCount;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }
        _counts[Index(nanoseconds)]++;
        Count++;
        if (nanoseconds > Max)
        {
            Max = nanoseconds;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): a bucket's midpoint, capped at the max.</summary>
    public long Percentile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long width) = Bucket(i);
                return Math.Min(Max, low + width / 2);
            }
        }
        return Max;
    }

    private static int Index(long v)
    {
        if (v < LinearCount)
        {
            return (int)v;
        }
        int log2 = 63 - BitOperations.LeadingZeroCount((ulong)v); // >= 7
        int shift = log2 - SubBits;                                // v >> shift is in [64, 128)
        return LinearCount + (shift - 1) * SubCount + (int)(v >> shift) - SubCount;
    }

    private static (long Low, long Width) Bucket(int index)
    {
        if (index < LinearCount)
        {
            return (index, 1);
        }
        int shift = (index - LinearCount) / SubCount + 1;
        long mantissa = (index - LinearCount) % SubCount + SubCount;
        return (mantissa << shift, 1L << shift);
    }
}

/// <summary>
/// One histogram per thread for one run: receive loops record without locks or shared cache
/// lines, and the run merges them once every loop has ended.
/// </summary>
internal sealed class LatencyRecorder
{
    private static int s_lastRunId;

    [ThreadStatic]
    private static LatencyHistogram? t_histogram;

    [ThreadStatic]
    private static int t_runId;

    private readonly int _runId = Interlocked.Increment(ref s_lastRunId);
    private readonly List<LatencyHistogram> _histograms = [];

    public void Record(long nanoseconds)
    {
        LatencyHistogram? histogram = t_histogram;
        if (histogram is null || t_runId != _runId)
        {
            histogram = new LatencyHistogram();
            lock (_histograms)
            {
                _histograms.Add(histogram);
            }
            t_histogram = histogram;
            t_runId = _runId;
        }
        histogram.Record(nanoseconds);
    }

    /// <summary>All threads' histograms added up; call after every receive loop has stopped.</summary>
    public LatencyHistogram Merge()
    {
        var total = new LatencyHistogram();
        lock (_histograms)
        {
            foreach (LatencyHistogram histogram in _histograms)
            {
                total.Add(histogram);
            }
        }
        return total;
    }
}
