using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Chat.Core;

namespace Chat.Host.Web;

/// <summary>
/// The <c>Chat</c> meter as Prometheus text (exposition format 0.0.4) for <c>/metrics</c>.
/// Our own few lines over a <see cref="MeterListener"/> rather than a package: the
/// OpenTelemetry Prometheus exporter is still a beta, prometheus-net brings its own registry
/// and adapter for a dozen instruments; this needs neither. Counters and up-down counters
/// are sums per tag set; histograms are exposed as summaries (<c>_count</c>, <c>_sum</c>).
/// </summary>
internal sealed class PrometheusText : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();

    public PrometheusText()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChatMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public string Write()
    {
        foreach (Series observed in _series.Values.Where(s => s.Observed))
        {
            observed.Reset(); // an observable instrument reports its whole value on each collection
        }
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (IGrouping<Instrument, KeyValuePair<(Instrument Instrument, string Labels), Series>> instrument in
            _series.GroupBy(s => s.Key.Instrument).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
        {
            bool histogram = instrument.Key is Histogram<double> or Histogram<long>;
            bool counter = instrument.Key.GetType().Name.StartsWith("Counter", StringComparison.Ordinal);
            string name = counter ? Name(instrument.Key) + "_total" : Name(instrument.Key);
            if (instrument.Key.Description is { } description)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(description.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            }
            text.Append("# TYPE ").Append(name).Append(' ').Append(histogram ? "summary" : counter ? "counter" : "gauge").Append('\n');
            foreach (KeyValuePair<(Instrument Instrument, string Labels), Series> series in instrument.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                if (histogram)
                {
                    Line(text, name + "_count", series.Key.Labels, series.Value.Count);
                    Line(text, name + "_sum", series.Key.Labels, series.Value.Sum);
                }
                else
                {
                    Line(text, name, series.Key.Labels, series.Value.Sum);
                }
            }
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Series series = _series.GetOrAdd((instrument, Labels(tags)), key => new Series(key.Instrument.IsObservable));
        series.Add(value);
    }

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    /// <summary><c>chat.history.commit.duration</c> with unit <c>s</c> is <c>chat_history_commit_duration_seconds</c>.</summary>
    private static string Name(Instrument instrument)
    {
        var name = new StringBuilder(instrument.Name.Length + 8);
        foreach (char c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return instrument.Unit switch
        {
            "s" => name.Append("_seconds").ToString(),
            "By" => name.Append("_bytes").ToString(),
            _ => name.ToString(),
        };
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }
        var pairs = new List<string>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            string value = tag.Value switch
            {
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other?.ToString() ?? "",
            };
            pairs.Add($"{tag.Key.Replace('.', '_')}=\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"");
        }
        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(',', pairs) + "}";
    }

    private sealed class Series(bool observed)
    {
        private readonly Lock _lock = new();
        private double _sum;
        private long _count;

        public bool Observed { get; } = observed;

        public double Sum { get { lock (_lock) { return _sum; } } }

        public long Count { get { lock (_lock) { return _count; } } }

        public void Add(double value)
        {
            lock (_lock)
            {
                _sum += value;
                _count++;
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _sum = 0;
                _count = 0;
            }
        }
    }
}
