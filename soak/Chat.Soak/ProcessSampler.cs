using System.Globalization;

namespace Chat.Soak;

/// <summary>One row of samples.csv.</summary>
internal sealed record Sample(
    double Seconds,
    string Phase,
    double RssMb,
    double RssAnonMb,
    double PssMb,
    double? GcHeapMb,
    double? GcCommittedMb,
    double? AllocatedMbPerSecond,
    int Threads,
    int Fds,
    double CpuPercent,
    long ClientConnections,
    long Logins,
    long MessagesSent,
    long LinesReceived,
    long SlowDropped,
    double? GcLiveMb)
{
    public const string Header =
        "seconds,phase,rss_mb,rss_anon_mb,pss_mb,gc_heap_mb,gc_committed_mb,alloc_mb_per_s,threads,fds,cpu_percent," +
        "client_connections,logins_total,messages_sent_total,lines_received_total,slow_dropped_total,gc_live_mb";

    public string ToCsv() => string.Join(',',
        F(Seconds), Phase, F(RssMb), F(RssAnonMb), F(PssMb), F(GcHeapMb), F(GcCommittedMb), F(AllocatedMbPerSecond),
        Threads, Fds, F(CpuPercent), ClientConnections, Logins, MessagesSent, LinesReceived, SlowDropped, F(GcLiveMb));

    /// <summary>A row of samples.csv as <see cref="ToCsv"/> wrote it.</summary>
    public static Sample Parse(string line)
    {
        string[] f = line.Split(',');
        return new Sample(
            D(f[0]), f[1], D(f[2]), D(f[3]), D(f[4]), N(f[5]), N(f[6]), N(f[7]), int.Parse(f[8], CultureInfo.InvariantCulture),
            int.Parse(f[9], CultureInfo.InvariantCulture), D(f[10]), L(f[11]), L(f[12]), L(f[13]), L(f[14]), L(f[15]),
            f.Length > 16 ? N(f[16]) : null); // runs before the column was added have none

        static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        static double? N(string text) => text.Length == 0 ? null : D(text);
        static long L(string text) => long.Parse(text, CultureInfo.InvariantCulture);
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";
}

/// <summary>
/// Samples the host process from outside: resident memory, threads and open file descriptors
/// from <c>/proc/PID</c>, CPU from <c>/proc/PID/stat</c>, and the GC heap from the CSV that
/// <c>dotnet-counters collect</c> writes as it goes (the runtime's own <c>System.Runtime</c>
/// meter: the heap after the last collection, summed over generations, and its committed size).
/// </summary>
/// <remarks>
/// The heap after the last collection is mostly the last gen0 collection's view: gen1 and gen2
/// keep what was promoted into them until a full collection, minutes apart under the soak, so
/// it climbs in a saw-tooth of ten MB whatever is live. What a leak grows is the heap a full
/// collection leaves: the old generations (gen2, large and pinned objects) in a report whose
/// interval had a gen2 collection and no gen1 one (a gen0 one does not touch them), sampled
/// as <c>gc_live_mb</c> whenever there is such a report.
/// </remarks>
internal sealed class ProcessSampler(int pid, string? countersCsv)
{
    private const string HeapSize = "dotnet.gc.last_collection.heap.size";
    private const string Committed = "dotnet.gc.last_collection.memory.committed_size";
    private const string Allocated = "dotnet.gc.heap.total_allocated";
    private const string Collections = "dotnet.gc.collections";
    private static readonly string[] OldGenerations = ["gen2", "loh", "poh"];

    private readonly Dictionary<string, (double Value, DateTime At)> _counters = [];
    private readonly double _ticksPerSecond = 100; // USER_HZ, 100 on every Linux that .NET runs on
    private long _countersOffset;
    private double? _live; // the last full collection's, until a sample reports it
    private DateTime _liveAt; // the report it came from, so that it is reported once
    private string _partialLine = "";
    private double _lastCpuSeconds = -1;
    private DateTime _lastCpuAt;

    public bool ProcessExists => Directory.Exists($"/proc/{pid}");

    public Sample Take(double seconds, string phase, LoadStats stats)
    {
        Dictionary<string, string> status = File.ReadAllLines($"/proc/{pid}/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        double pss = File.ReadAllLines($"/proc/{pid}/smaps_rollup")
            .Where(line => line.StartsWith("Pss:", StringComparison.Ordinal))
            .Select(Kilobytes)
            .FirstOrDefault();
        int fds = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        ReadCounters();
        return new Sample(
            seconds,
            phase,
            Kilobytes(status["VmRSS"]) / 1024,
            Kilobytes(status["RssAnon"]) / 1024,
            pss / 1024,
            Sum(HeapSize) / (1024 * 1024),
            Sum(Committed) / (1024 * 1024),
            Rate(Allocated) / (1024 * 1024),
            int.Parse(status["Threads"], CultureInfo.InvariantCulture),
            fds,
            CpuPercent(),
            Interlocked.Read(ref stats.OpenConnections),
            Interlocked.Read(ref stats.Logins),
            Interlocked.Read(ref stats.MessagesSent),
            Interlocked.Read(ref stats.LinesReceived),
            Interlocked.Read(ref stats.SlowDropped),
            TakeLive() / (1024 * 1024));
    }

    /// <summary>"123456 kB" (or a line "Pss:   123 kB") in kB.</summary>
    private static double Kilobytes(string text)
    {
        string number = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(part => char.IsDigit(part[0]));
        return double.Parse(number, CultureInfo.InvariantCulture);
    }

    private double CpuPercent()
    {
        // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double cpu = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / _ticksPerSecond;
        DateTime now = DateTime.UtcNow;
        double percent = _lastCpuSeconds < 0 ? 0 : 100 * (cpu - _lastCpuSeconds) / (now - _lastCpuAt).TotalSeconds;
        (_lastCpuSeconds, _lastCpuAt) = (cpu, now);
        return percent;
    }

    /// <summary>Takes the lines dotnet-counters appended since the last sample; keeps the latest value of each counter.</summary>
    private void ReadCounters()
    {
        if (countersCsv is null || !File.Exists(countersCsv))
        {
            return;
        }
        using var file = new FileStream(countersCsv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(_countersOffset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        string text = _partialLine + reader.ReadToEnd();
        _countersOffset = file.Length;
        int lastLf = text.LastIndexOf('\n');
        _partialLine = text[(lastLf + 1)..];
        foreach (string line in text[..(lastLf + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment
            string[] parts = line.TrimEnd('\r').Split(',');
            if (parts.Length == 5
                && double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && DateTime.TryParse(parts[0], CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.None, out DateTime at))
            {
                _counters[parts[2]] = (value, at);
                // Checked line by line: the next report, read in the same pass, would hide it.
                if (at != _liveAt && LiveAfterFullCollection(at) is { } live)
                {
                    (_live, _liveAt) = (live, at);
                }
            }
        }
    }

    /// <summary>The sum of a counter's latest values over its dimensions (the heap's generations); null before the first.</summary>
    private double? Sum(string counter)
    {
        var values = _counters.Where(c => c.Key.StartsWith(counter, StringComparison.Ordinal)).ToList();
        if (values.Count == 0)
        {
            return null;
        }
        // Only the latest report: a generation missing from it has no value now.
        DateTime latest = values.Max(c => c.Value.At);
        return values.Where(c => c.Value.At >= latest.AddSeconds(-1)).Sum(c => c.Value.Value);
    }

    /// <summary>The old generations' size after the latest full collection not reported yet (remarks), else null.</summary>
    private double? TakeLive()
    {
        double? live = _live;
        _live = null;
        return live;
    }

    /// <summary>The old generations' size if the report at <paramref name="at"/> is all read and followed a full collection (remarks), else null.</summary>
    private double? LiveAfterFullCollection(DateTime at)
    {
        double? Reported(string counter, string generation) =>
            _counters.FirstOrDefault(c => c.Key.StartsWith(counter, StringComparison.Ordinal) && c.Key.EndsWith($"generation={generation}]", StringComparison.Ordinal)) is { Key: not null } found
                && found.Value.At == at
                ? found.Value.Value
                : null;
        if (Reported(Collections, "gen2") is not > 0 || Reported(Collections, "gen1") is not 0)
        {
            return null;
        }
        double live = 0;
        foreach (string generation in OldGenerations)
        {
            if (Reported(HeapSize, generation) is not { } size)
            {
                return null; // that report is not all read yet
            }
            live += size;
        }
        return live;
    }

    /// <summary>A rate counter, "(By / 5 sec)", per second.</summary>
    private double? Rate(string counter)
    {
        var entry = _counters.FirstOrDefault(c => c.Key.StartsWith(counter, StringComparison.Ordinal));
        if (entry.Key is null)
        {
            return null;
        }
        int slash = entry.Key.IndexOf("/ ", StringComparison.Ordinal);
        int seconds = slash < 0 ? 1 : int.Parse(new string(entry.Key[(slash + 2)..].TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture);
        return entry.Value.Value / seconds;
    }
}
