using System.Globalization;
using System.Text;
using Chat.Soak;

// dotnet Chat.Soak.dll --port PORT --pid PID --minutes M --out DIR [--counters FILE.csv]
//                      [--interval-seconds 5] [--cooldown-seconds 60]
// Drives the mixed load of LoadGenerator at 127.0.0.1:PORT for M minutes, then nothing for
// the cool-down, sampling process PID (the host) all along. Writes DIR/samples.csv,
// DIR/plot.svg and DIR/summary.txt. soak/run.sh starts the host and dotnet-counters for it.
//
// dotnet Chat.Soak.dll --summarize DIR/samples.csv
// Prints the summary and verdict of an earlier run's samples again (with today's verdict).
if (args is ["--summarize", string samplesCsv])
{
    List<Sample> earlier = File.ReadLines(samplesCsv).Skip(1).Select(Sample.Parse).ToList();
    double loaded = earlier.Where(s => s.Phase == "load").Select(s => s.Seconds).DefaultIfEmpty(0).Max();
    Console.Write(Summarize(earlier, loaded, stats: null));
    return 0;
}
Dictionary<string, string> options = ParseOptions(args);
int port = int.Parse(options["port"], CultureInfo.InvariantCulture);
int pid = int.Parse(options["pid"], CultureInfo.InvariantCulture);
double minutes = double.Parse(options["minutes"], CultureInfo.InvariantCulture);
string outDir = options["out"];
string? counters = options.GetValueOrDefault("counters");
var interval = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("interval-seconds", "5"), CultureInfo.InvariantCulture));
var cooldown = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("cooldown-seconds", "60"), CultureInfo.InvariantCulture));
Directory.CreateDirectory(outDir);

var stats = new LoadStats();
var sampler = new ProcessSampler(pid, counters);
var samples = new List<Sample>();
DateTime start = DateTime.UtcNow;
DateTime loadDeadline = start + TimeSpan.FromMinutes(minutes);
// Every loop stops at the deadline and every wait inside is bounded; this is the bound on those bounds.
DateTime hardStop = loadDeadline + TimeSpan.FromMinutes(3);

Console.WriteLine($"Soak: {minutes} min of load on 127.0.0.1:{port}, then {cooldown.TotalSeconds} s idle; sampling pid {pid} every {interval.TotalSeconds} s into {outDir}");
Task load = Task.Run(() => new LoadGenerator(port, stats, loadDeadline).RunAsync());
DateTime? loadEnded = null;
await using (var csv = new StreamWriter(Path.Combine(outDir, "samples.csv")))
{
    await csv.WriteLineAsync(Sample.Header);
    DateTime nextReport = start;
    while (sampler.ProcessExists)
    {
        DateTime now = DateTime.UtcNow;
        if (loadEnded is null && (load.IsCompleted || now >= hardStop))
        {
            loadEnded = now;
        }
        if (loadEnded is { } ended && now >= ended + cooldown)
        {
            break;
        }
        Sample sample = sampler.Take((now - start).TotalSeconds, loadEnded is null ? "load" : "cooldown", stats);
        samples.Add(sample);
        await csv.WriteLineAsync(sample.ToCsv());
        await csv.FlushAsync();
        if (now >= nextReport)
        {
            Console.WriteLine(Invariant($"{sample.Seconds / 60,5:0.0} min  rss {sample.RssMb,6:0.0} MB  gc heap {sample.GcHeapMb,6:0.0} MB  threads {sample.Threads,3}  fds {sample.Fds,4}  clients {sample.ClientConnections,3}  cpu {sample.CpuPercent,5:0}%  {sample.Phase}"));
            nextReport = now + TimeSpan.FromMinutes(1);
        }
        await Task.Delay(interval);
    }
}
if (!load.IsCompleted)
{
    Console.WriteLine("The load did not stop within 3 minutes of its deadline; its loops are abandoned.");
}
else if (load.IsFaulted)
{
    Console.WriteLine($"The load failed: {load.Exception}");
}

double loadSeconds = ((loadEnded ?? DateTime.UtcNow) - start).TotalSeconds;
string summary = Summarize(samples, loadSeconds, stats);
await File.WriteAllTextAsync(Path.Combine(outDir, "summary.txt"), summary);
await File.WriteAllTextAsync(Path.Combine(outDir, "plot.svg"), SvgPlot.Render(
    $"Chat.Host under mixed load: {minutes:0.#} min, then {cooldown.TotalSeconds:0} s idle (shaded)",
    samples,
    loadSeconds,
    [
        new Panel("Host memory", "MB",
            new Series("RSS (VmRSS)", "#1f77b4", s => s.RssMb),
            new Series("RSS anonymous", "#aec7e8", s => s.RssAnonMb),
            new Series("GC heap (after last GC)", "#d62728", s => s.GcHeapMb),
            new Series("GC committed", "#ff9896", s => s.GcCommittedMb),
            new Series("GC live (after a full GC)", "#9e1b1b", s => s.GcLiveMb)),
        new Panel("Host threads and file descriptors", "count",
            new Series("threads", "#2ca02c", s => s.Threads),
            new Series("open fds", "#9467bd", s => s.Fds)),
        new Panel("Load", "count / %",
            new Series("client connections", "#8c564b", s => s.ClientConnections),
            new Series("host CPU %", "#7f7f7f", s => s.CpuPercent)),
    ]));
Console.Write(summary);
return 0;

/// <param name="stats">What the load did; null when summarising an earlier run's samples.</param>
static string Summarize(List<Sample> samples, double loadSeconds, LoadStats? stats)
{
    var text = new StringBuilder();
    List<Sample> load = samples.Where(s => s.Phase == "load").ToList();
    List<Sample> cool = samples.Where(s => s.Phase == "cooldown").ToList();
    text.AppendLine(Invariant($"samples: {samples.Count} ({load.Count} under load over {loadSeconds / 60:0.0} min, {cool.Count} idle after)"));
    if (stats is not null)
    {
        text.AppendLine($"load: {stats}");
        var drops = stats.SecondsToDrop.Order().ToList();
        if (drops.Count > 0)
        {
            text.AppendLine(Invariant($"slow reader dropped after: min {drops[0]:0} s, median {drops[drops.Count / 2]:0} s, max {drops[^1]:0} s"));
        }
        foreach (string error in stats.ErrorSamples)
        {
            text.AppendLine($"client-side error: {error}");
        }
    }
    text.AppendLine();
    text.AppendLine("series (under load)      first      last       min       max   mean 2nd quarter  mean 4th quarter  growth 2nd half  after idle  verdict");
    var climbing = new List<string>();
    Row("rss_mb", s => s.RssMb, judge: true);
    Row("rss_anon_mb", s => s.RssAnonMb, judge: true);
    Row("pss_mb", s => s.PssMb, judge: true);
    Row("gc_heap_mb", s => s.GcHeapMb, judge: false);
    Row("gc_live_mb", s => s.GcLiveMb, judge: true);
    Row("gc_committed_mb", s => s.GcCommittedMb, judge: true);
    Row("threads", s => s.Threads, judge: true);
    Row("fds", s => s.Fds, judge: true);
    Row("client_connections", s => s.ClientConnections, judge: false);
    text.AppendLine();
    text.AppendLine(Invariant($"verdict: {(climbing.Count == 0 ? "PLATEAU" : "CLIMBS (" + string.Join(", ", climbing) + ")")}"));
    text.AppendLine(Invariant($"A series climbs when it grows by {Trend.ClimbsAtPerHour} an hour or more (MB for memory, a count for threads and fds) over the second half of the load,"));
    text.AppendLine(Invariant($"so that a leak of {Trend.LeakPerHour} MB/h is caught; the first half is warm-up (JIT, pools, histories filling, the first slow readers)."));
    text.AppendLine("The growth is the median slope between samples at least a quarter of the load apart (Theil-Sen on far pairs), which a GC saw-tooth");
    text.AppendLine("moves by at most 2 MB/h over an hour's half and one spike not at all; a least-squares fit is swayed by both.");
    text.AppendLine("gc_heap_mb (after the last collection, mostly a gen0 one) is not judged: it saws by ten MB between full collections minutes apart.");
    text.AppendLine("gc_live_mb is what a full collection left in the old generations, sampled only after one (one every few minutes here).");
    if (loadSeconds < 3600)
    {
        text.AppendLine("Under an hour of load the growth figure is a hint, not a verdict: over a short half, a saw-tooth with a period of minutes moves it by several MB/h,");
        text.AppendLine("and until the first slow readers are dropped (about 40 s each) memory is still rising to its working level.");
    }
    return text.ToString();

    void Row(string name, Func<Sample, double?> value, bool judge)
    {
        var points = load.Where(s => value(s).HasValue).Select(s => (Minutes: s.Seconds / 60, Value: value(s)!.Value)).ToList();
        if (Trend.GrowthPerHour(points) is not { } growth)
        {
            text.AppendLine($"{name,-22} (too few samples)");
            return;
        }
        int n = points.Count;
        double Mean(int from, int to) => points.Skip(from).Take(to - from).Average(p => p.Value);
        double q2 = Mean(n / 4, n / 2);
        double q4 = Mean(3 * n / 4, n);
        double? idle = cool.Where(s => value(s).HasValue).Select(s => value(s)!.Value).LastOrDefault(double.NaN);
        string verdict = !judge ? "" : Trend.Climbs(growth) ? "CLIMBS" : "plateau";
        if (verdict == "CLIMBS")
        {
            climbing.Add(name);
        }
        text.AppendLine(Invariant($"{name,-22} {points[0].Value,9:0.0} {points[^1].Value,9:0.0} {points.Min(p => p.Value),9:0.0} {points.Max(p => p.Value),9:0.0} {q2,18:0.0} {q4,17:0.0} {growth,13:+0.0;-0.0}/h {idle,11:0.0}  {verdict}"));
    }
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>();
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"expected --name value, got {args[i]}");
        }
        options[args[i][2..]] = args[i + 1];
    }
    foreach (string required in new[] { "port", "pid", "minutes", "out" })
    {
        if (!options.ContainsKey(required))
        {
            throw new ArgumentException($"missing --{required}");
        }
    }
    return options;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
