using System.Diagnostics.Metrics;
using Chat.Core;

namespace Chat.Host.History;

/// <summary>
/// The SQLite store's instruments on the chat's meter: how many messages wait to be written
/// (read by a callback when someone collects, so appending costs nothing more) and how long
/// each commit took, the figure that says whether the disk keeps up.
/// </summary>
internal sealed class HistoryMetrics
{
    // Commits take from a fraction of a millisecond (a few messages, page cache) to seconds (a
    // stalled disk); the default buckets, made for request times, would put nearly all in one.
    private static readonly double[] CommitBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Histogram<double>? _commitDuration;

    /// <param name="meterFactory">Null: no instruments (a store opened by a test or a benchmark).</param>
    public HistoryMetrics(IMeterFactory? meterFactory, HistoryQueue queue)
    {
        if (meterFactory is null)
        {
            return;
        }
        Meter meter = meterFactory.Create(ChatMetrics.MeterName);
        meter.CreateObservableUpDownCounter(
            "chat.history.queued_messages", () => queue.Pending, "{message}",
            "Messages taken by the history store and not yet committed to disk.");
        _commitDuration = meter.CreateHistogram(
            "chat.history.commit.duration", "s", "Time to write one batch of messages and commit it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBuckets });
    }

    public void Committed(TimeSpan elapsed) => _commitDuration?.Record(elapsed.TotalSeconds);
}
