using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Support;

/// <summary>
/// A listener to exactly one meter factory's meters (the test's own, or a host's): tests
/// running at the same time, each with its own server on a meter named <c>Chat</c>, do not
/// see each other's measurements. Counters are summed, by name and by name with tags
/// (<c>chat.rate_limited{chat.rate_limit.action=paced}</c>); histograms keep every value, by
/// name and by name with tags.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly ServiceProvider? _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, bool> _instruments = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _recorded = new();

    public MetricsRecorder()
        : this(null)
    {
    }

    /// <param name="factory">A host's factory; null: one of the recorder's own.</param>
    public MetricsRecorder(IMeterFactory? factory)
    {
        if (factory is null)
        {
            _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            factory = _services.GetRequiredService<IMeterFactory>();
        }
        Factory = factory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == Factory)
            {
                _instruments[instrument.Name] = true;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            if (!tags.IsEmpty)
            {
                _sums.AddOrUpdate(Key(instrument.Name, tags), value, (_, sum) => sum + value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            _recorded.GetOrAdd(instrument.Name, _ => new()).Enqueue(value);
            if (!tags.IsEmpty)
            {
                _recorded.GetOrAdd(Key(instrument.Name, tags), _ => new()).Enqueue(value);
            }
        });
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>The names of the instruments the factory's meters have made.</summary>
    public ICollection<string> Instruments => _instruments.Keys;

    /// <summary>The sum of <paramref name="instrument"/>'s measurements (with <paramref name="tags"/> only, if given); 0 if none.</summary>
    public long Sum(string instrument, params (string Key, object Value)[] tags) => _sums.GetValueOrDefault(Key(instrument, tags));

    /// <summary>What an observable instrument reports now.</summary>
    public long Observe(string instrument)
    {
        _sums.TryRemove(instrument, out _);
        _listener.RecordObservableInstruments();
        return Sum(instrument);
    }

    /// <summary>What a histogram recorded (with <paramref name="tags"/> only, if given).</summary>
    public IReadOnlyCollection<double> Recorded(string instrument, params (string Key, object Value)[] tags) =>
        _recorded.TryGetValue(Key(instrument, tags), out ConcurrentQueue<double>? values) ? values : [];

    public void Dispose()
    {
        _listener.Dispose();
        _services?.Dispose();
    }

    private static string Key(string instrument, (string Key, object Value)[] tags) =>
        tags.Length == 0 ? instrument : Key(instrument, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).ToArray());

    private static string Key(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>();
        foreach ((string key, object? value) in tags)
        {
            pairs.Add($"{key}={value}");
        }
        pairs.Sort(StringComparer.Ordinal);
        return $"{instrument}{{{string.Join(',', pairs)}}}";
    }
}
