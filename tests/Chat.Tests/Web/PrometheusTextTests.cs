using System.Diagnostics.Metrics;
using Chat.Core;
using Chat.Host.Web;

namespace Chat.Tests.Web;

/// <summary>The <c>/metrics</c> text: Prometheus exposition 0.0.4 of the <c>Chat</c> meter.</summary>
public sealed class PrometheusTextTests
{
    // Other tests' hosts count on meters named Chat at the same time: each test's instruments have names of their own.
    private readonly string _prefix = $"test.p{Guid.NewGuid():N}";

    [Fact]
    public void Counters_gauges_and_histograms_are_written_per_tag_set()
    {
        using var text = new PrometheusText();
        using var meter = new Meter(ChatMetrics.MeterName);
        Counter<long> logins = meter.CreateCounter<long>($"{_prefix}.logins", "{login}", "Names accepted.");
        UpDownCounter<long> open = meter.CreateUpDownCounter<long>($"{_prefix}.open", "{connection}");
        Histogram<double> commits = meter.CreateHistogram<double>($"{_prefix}.commit.duration", "s");
        logins.Add(2);
        logins.Add(1);
        open.Add(1, new KeyValuePair<string, object?>("chat.door", "line"), new("chat.tls", false));
        open.Add(1, new KeyValuePair<string, object?>("chat.door", "line"), new("chat.tls", true));
        open.Add(-1, new KeyValuePair<string, object?>("chat.door", "line"), new("chat.tls", true));
        commits.Record(0.25);
        commits.Record(0.5);

        string name = _prefix.Replace('.', '_');
        string[] lines = text.Write().Split('\n').Where(l => l.Contains(name, StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                $"# TYPE {name}_commit_duration_seconds summary",
                $"{name}_commit_duration_seconds_count 2",
                $"{name}_commit_duration_seconds_sum 0.75",
                $"# HELP {name}_logins_total Names accepted.",
                $"# TYPE {name}_logins_total counter",
                $"{name}_logins_total 3",
                $"# TYPE {name}_open gauge",
                $"{name}_open{{chat_door=\"line\",chat_tls=\"false\"}} 1",
                $"{name}_open{{chat_door=\"line\",chat_tls=\"true\"}} 0",
            ],
            lines);
    }

    [Fact]
    public void Counting_a_tag_set_already_seen_allocates_nothing()
    {
        using var text = new PrometheusText();
        using var meter = new Meter(ChatMetrics.MeterName);
        Counter<long> deliveries = meter.CreateCounter<long>($"{_prefix}.deliveries");
        KeyValuePair<string, object?>[] tags = [new("chat.door", "line"), new("chat.tls", false)];
        deliveries.Add(1, tags);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            deliveries.Add(1, tags);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains($"{_prefix.Replace('.', '_')}_deliveries_total{{chat_door=\"line\",chat_tls=\"false\"}} 10001\n", text.Write(), StringComparison.Ordinal);
    }
}
