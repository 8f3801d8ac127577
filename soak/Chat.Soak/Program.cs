using System.Globalization;
using System.Text;
using Chat.Soak;

// dotnet Chat.Soak.dll --port PORT --pid PID --minutes M --out DIR [--counters FILE.csv]
//                      [--interval-seconds 5] [--cooldown-seconds 60]
// Drives the mixed load of LoadGenerator at 127.0.0.1:PORT for M minutes, then nothing for
// the cool-down, sampling process PID (the host) all along. Writes DIR/samples.csv,
// DIR/plot.svg and DIR/summary.txt. soak/run.sh starts the host and dotnet-counters for it.
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
            new Series("GC committed", "#ff9896", s => s.GcCommittedMb)),
        new Panel("Host threads and file descriptors", "count",
            new Series("threads", "#2ca02c", s => s.Threads),
            new Series("open fds", "#9467bd", s => s.Fds)),
        new Panel("Load", "count / %",
            new Series("client connections", "#8c564b", s => s.ClientConnections),
            new Series("host CPU %", "#7f7f7f", s => s.CpuPercent)),
    ]));
Console.Write(summary);
return 0;

static string Summarize(List<Sample> samples, double loadSeconds, LoadStats stats)
{
    var text = new StringBuilder();
    List<Sample> load = samples.Where(s => s.Phase == "load").ToList();
    List<Sample> cool = samples.Where(s => s.Phase == "cooldown").ToList();
    text.AppendLine(Invariant($"samples: {samples.Count} ({load.Count} under load over {loadSeconds / 60:0.0} min, {cool.Count} idle after)"));
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
    text.AppendLine();
    text.AppendLine("series (under load)      first      last       min       max   mean 2nd quarter  mean 4th quarter  slope 2nd half  after idle  verdict");
    Row("rss_mb", s => s.RssMb, 2);
    Row("rss_anon_mb", s => s.RssAnonMb, 2);
    Row("pss_mb", s => s.PssMb, 2);
    Row("gc_heap_mb", s => s.GcHeapMb, 2);
    Row("gc_committed_mb", s => s.GcCommittedMb, 2);
    Row("threads", s => s.Threads, 2);
    Row("fds", s => s.Fds, 5);
    Row("client_connections", s => s.ClientConnections, double.PositiveInfinity);
    text.AppendLine();
    text.AppendLine("verdict: 'plateau' when the mean of the last quarter of the load is within 10% (plus the slack shown) of the mean of the second quarter;");
    text.AppendLine("the first quarter is warm-up (JIT, pools, history filling). The slope is a least-squares fit over the second half, per minute.");
    if (loadSeconds < 600)
    {
        text.AppendLine("Under 10 minutes of load the verdict means little: the first slow readers take about 40 s to be dropped (110 s before the kernel send buffer was fixed),");
        text.AppendLine("and until then every one of them holds buffers, so memory is still rising to its working level.");
    }
    return text.ToString();

    void Row(string name, Func<Sample, double?> value, double slack)
    {
        var points = load.Where(s => value(s).HasValue).Select(s => (X: s.Seconds / 60, Y: value(s)!.Value)).ToList();
        if (points.Count < 8)
        {
            text.AppendLine($"{name,-22} (too few samples)");
            return;
        }
        int n = points.Count;
        double Mean(int from, int to) => points.Skip(from).Take(to - from).Average(p => p.Y);
        double q2 = Mean(n / 4, n / 2);
        double q4 = Mean(3 * n / 4, n);
        var half = points.Skip(n / 2).ToList();
        double mx = half.Average(p => p.X);
        double my = half.Average(p => p.Y);
        double slope = half.Sum(p => (p.X - mx) * (p.Y - my)) / Math.Max(half.Sum(p => (p.X - mx) * (p.X - mx)), 1e-9);
        double? idle = cool.Where(s => value(s).HasValue).Select(s => value(s)!.Value).LastOrDefault(double.NaN);
        string verdict = double.IsPositiveInfinity(slack) ? "" : q4 <= q2 * 1.10 + slack ? "plateau" : "CLIMBS";
        text.AppendLine(Invariant($"{name,-22} {points[0].Y,9:0.0} {points[^1].Y,9:0.0} {points.Min(p => p.Y),9:0.0} {points.Max(p => p.Y),9:0.0} {q2,18:0.0} {q4,17:0.0} {slope,12:+0.00;-0.00}/min {idle,11:0.0}  {verdict}{(double.IsPositiveInfinity(slack) ? "" : Invariant($" (slack {slack})"))}"));
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
