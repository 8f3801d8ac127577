using System.Diagnostics.Tracing;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>
/// What <c>dotnet-counters monitor --counters Chat</c> turns on in the server, done in
/// process: the runtime's <c>System.Diagnostics.Metrics</c> event source aggregating every
/// instrument of the <c>Chat</c> meter and publishing once a second. Its events are only
/// counted (proof the session ran); the cost measured is the aggregation on the server's own threads.
/// </summary>
internal sealed class CountersSession : EventListener
{
    private int _published;

    /// <summary>Values published so far (a counter's rate, a gauge's value: one event each per second).</summary>
    public int Published => Volatile.Read(ref _published);

    // MetricsEventSource's keywords: Messages (1) and TimeSeriesValues (2), as dotnet-counters asks.
    private const EventKeywords MessagesAndValues = (EventKeywords)0x3;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "System.Diagnostics.Metrics")
        {
            EnableEvents(source, EventLevel.Informational, MessagesAndValues, new Dictionary<string, string?>
            {
                ["SessionId"] = Guid.NewGuid().ToString(),
                ["Metrics"] = "Chat",
                ["RefreshInterval"] = "1",
                ["MaxTimeSeries"] = "1000",
                ["MaxHistograms"] = "10",
            });
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.EndsWith("ValuePublished", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _published);
        }
    }
}
