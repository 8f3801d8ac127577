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
/// Recording a measurement allocates nothing once its tag set has been seen: the chat's
/// instruments use a handful of fixed tag sets.
/// </summary>
internal sealed class PrometheusText : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<InstrumentSeries> _instruments = [];

    public PrometheusText()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChatMetrics.MeterName)
            {
                var series = new InstrumentSeries(instrument);
                lock (_lock)
                {
                    _instruments.Add(series);
                }
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    public string Write()
    {
        InstrumentSeries[] instruments;
        lock (_lock)
        {
            instruments = [.. _instruments];
        }
        foreach (InstrumentSeries observed in instruments.Where(i => i.Instrument.IsObservable))
        {
            observed.Reset(); // an observable instrument reports its whole value on each collection
        }
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (InstrumentSeries instrument in instruments.OrderBy(i => i.Instrument.Name, StringComparer.Ordinal))
        {
            instrument.WriteTo(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument's series, one per tag set.</summary>
    private sealed class InstrumentSeries(Instrument instrument)
    {
        private readonly Lock _lock = new();
        private Series[] _series = [];

        public Instrument Instrument { get; } = instrument;

        private bool IsHistogram => Instrument is Histogram<double> or Histogram<long> or Histogram<int>;

        private bool IsCounter => Instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double>;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Series series = Find(Volatile.Read(ref _series), tags) ?? Add(tags);
            lock (series)
            {
                series.Sum += value;
                series.Count++;
            }
        }

        public void Reset()
        {
            foreach (Series series in Volatile.Read(ref _series))
            {
                lock (series)
                {
                    series.Sum = 0;
                    series.Count = 0;
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            string name = Name();
            if (Instrument.Description is { } description)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(description.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            }
            text.Append("# TYPE ").Append(name).Append(' ').Append(IsHistogram ? "summary" : IsCounter ? "counter" : "gauge").Append('\n');
            foreach (Series series in Volatile.Read(ref _series).OrderBy(s => s.Labels, StringComparer.Ordinal))
            {
                double sum;
                long count;
                lock (series)
                {
                    (sum, count) = (series.Sum, series.Count);
                }
                if (IsHistogram)
                {
                    Line(text, name + "_count", series.Labels, count);
                    Line(text, name + "_sum", series.Labels, sum);
                }
                else
                {
                    Line(text, name, series.Labels, sum);
                }
            }
        }

        private static Series? Find(Series[] all, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (Series series in all)
            {
                if (series.Matches(tags))
                {
                    return series;
                }
            }
            return null;
        }

        private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_lock)
            {
                if (Find(_series, tags) is { } raced)
                {
                    return raced;
                }
                var series = new Series(tags.ToArray());
                Volatile.Write(ref _series, [.. _series, series]);
                return series;
            }
        }

        /// <summary><c>chat.history.commit.duration</c> with unit <c>s</c> is <c>chat_history_commit_duration_seconds</c>; a counter's name ends in <c>_total</c>.</summary>
        private string Name()
        {
            var name = new StringBuilder(Instrument.Name.Length + 16);
            foreach (char c in Instrument.Name)
            {
                name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            }
            name.Append(Instrument.Unit switch
            {
                "s" => "_seconds",
                "By" => "_bytes",
                _ => "",
            });
            return IsCounter ? name.Append("_total").ToString() : name.ToString();
        }

        private static void Line(StringBuilder text, string name, string labels, double value) =>
            text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>A running sum and count for one tag set; guarded by locking it.</summary>
    private sealed class Series(KeyValuePair<string, object?>[] tags)
    {
        public double Sum;
        public long Count;

        public string Labels { get; } = Format(tags);

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
            {
                return false;
            }
            for (int i = 0; i < tags.Length; i++)
            {
                if (!string.Equals(tags[i].Key, other[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, other[i].Value))
                {
                    return false;
                }
            }
            return true;
        }

        private static string Format(KeyValuePair<string, object?>[] tags)
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
    }
}
