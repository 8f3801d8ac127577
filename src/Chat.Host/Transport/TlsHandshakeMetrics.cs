using System.Diagnostics.Metrics;
using Chat.Core;

namespace Chat.Host.Transport;

/// <summary>
/// How long the TLS doors' handshakes take, on the chat's meter, named as Kestrel's
/// <c>kestrel.tls_handshake.duration</c>; a failed one carries <c>error.type</c>
/// (<c>timeout</c> or <c>failed</c>), so slow clients and broken ones show apart.
/// </summary>
internal sealed class TlsHandshakeMetrics
{
    // A loopback handshake takes a millisecond or two, one across the world a few hundred;
    // the last buckets are for TlsHandshakeTimeout (10 s by default).
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly KeyValuePair<string, object?> TimedOutTag = new("error.type", "timeout");
    private static readonly KeyValuePair<string, object?> FailedTag = new("error.type", "failed");

    private readonly Histogram<double> _duration;

    public TlsHandshakeMetrics(IMeterFactory meterFactory)
    {
        _duration = meterFactory.Create(ChatMetrics.MeterName).CreateHistogram(
            "chat.tls_handshake.duration", "s", "Time from a TLS door's accept to the end of its handshake, or to its failure.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public void Succeeded(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds);

    public void TimedOut(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, TimedOutTag);

    public void Failed(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, FailedTag);
}
