using System.Diagnostics;
using Chat.LoadTest;
using Chat.LoadTest.Reporting;
using Chat.LoadTest.Servers;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

List<RunSpec> specs;
List<ServerTarget> targets;
try
{
    specs = options.Specs();
    targets = options.Targets();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

string root = RepoRoot();
var paths = new ServerPaths(options.HostPath ?? OurHost(root), Path.GetFullPath(options.ServersDir ?? Path.Combine(root, "benchmarks")));
if (targets.Any(t => t.IsOurs && t.HostPath is null) && !File.Exists(paths.OurHost))
{
    Console.Error.WriteLine($"Our server is not built at {paths.OurHost}: dotnet build -c Release src/Chat.Host (or pass --host).");
    return 2;
}

// Every connection is a file descriptor, here and in the server (which inherits the limit).
int most = specs.Max(s => s.Connections);
ulong files = Native.EnsureOpenFiles((ulong)most + 1024);
Console.WriteLine($"Chat.LoadTest: {Environment.ProcessorCount} cores, open-file limit {files}, net.core.somaxconn {Native.SoMaxConn()} (caps every listen backlog)");
if (files < (ulong)most + 64)
{
    Console.Error.WriteLine($"Open-file limit {files} is too low for {most} connections.");
    return 2;
}

var limits = new RunLimits(
    // Generous: the seed's servers and ngIRCd (listen backlog 10) take a while with 1,000 clients.
    Login: TimeSpan.FromSeconds(Math.Clamp(most / 8, 60, 300)),
    Settle: TimeSpan.FromSeconds(120),
    Messages: options.Timeout,
    Stall: TimeSpan.FromSeconds(10),
    Idle: options.Idle,
    LoginConcurrency: options.LoginConcurrency);

var results = new List<RunResult>();
for (int repeat = 1; repeat <= options.Repeat; repeat++)
{
    foreach (RunSpec spec in specs)
    {
        foreach (ServerTarget target in targets)
        {
            await foreach (RunResult result in RunOnOneProcessAsync(spec, target, repeat))
            {
                results.Add(result);
                Console.WriteLine(result.Error is { } e ? $"FAILED: {e}"
                    : spec.Kind == RunKind.Messages ? $"{result.DeliveriesPerSecond:#,0}/s, p99 {result.P99Ms:0.00} ms, lost {result.Lost}, server CPU {result.ServerCpuSeconds:0.00} s ({result.ServerCpuSeconds * 1e9 / result.Deliveries:0} ns/delivery), tool CPU {result.ToolCpuSeconds:0.00} s"
                    : $"{result.LoggedIn} in {result.LoginSeconds:0.00} s" + (double.IsNaN(result.RssKiBPerClient) ? "" : $", {result.RssKiBPerClient:0.00} KiB/client"));
            }
        }
    }
}

List<RunResult> medians = Summary.Medians(results);
string report = ConsoleReport.Render(medians, options.Repeat);
Console.WriteLine(report);
if (options.RunsPerProcess > 1)
{
    Console.WriteLine("Fresh process against warm (same process):");
    foreach (string line in ConsoleReport.FreshAgainstWarm(results))
    {
        Console.WriteLine("  " + line);
    }
}

string prefix = options.Out ?? Path.Combine(root, "benchmarks", "results", string.Join("+", specs.Select(s => s.Scenario).Distinct()));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(prefix))!);
CsvReport.Write(prefix + ".csv", results, medians);
Console.WriteLine($"CSV:   {Path.GetFullPath(prefix + ".csv")}");
if (ChartReport.Write(prefix + ".png", medians, options.Repeat))
{
    Console.WriteLine($"Chart: {Path.GetFullPath(prefix + ".png")}");
}
return 0;

// One server process: warmed up and measured once, or with --runs-per-process N measured N
// times with no warm-up, so its first run shows what a freshly started server does.
async IAsyncEnumerable<RunResult> RunOnOneProcessAsync(RunSpec spec, ServerTarget target, int repeat)
{
    string progress = $"[{repeat}/{options.Repeat}] {spec.Describe()} -> {target.Name}";
    int runs = spec.Kind == RunKind.Messages ? options.RunsPerProcess : 1;
    Console.Write($"{progress}{(runs > 1 ? " run 1" : "")} ... ");
    ServerProcess? server = null;
    string? notStarted = null;
    try
    {
        server = await ServerProcess.StartAsync(target, paths, spec.Connections);
    }
    catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception or IOException)
    {
        notStarted = ex.Message;
    }
    if (server is null)
    {
        yield return new RunResult { Spec = spec, Server = target.Name, Repeat = repeat, Error = "server did not start: " + notStarted };
        yield break;
    }
    await using (server)
    {
        bool quickAck = options.QuickAck ?? target.Protocol == Chat.LoadTest.Protocols.ProtocolKind.Irc;
        if (runs == 1 && options.WarmupPasses > 0 && spec.Kind == RunKind.Messages)
        {
            string? failed = await WarmUpAsync(spec, target, server, quickAck);
            if (failed is not null)
            {
                yield return new RunResult { Spec = spec, Server = target.Name, Repeat = repeat, Error = "warm-up: " + failed };
                yield break;
            }
        }
        for (int run = 1; run <= runs; run++)
        {
            if (run > 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)); // the last run's departures settle
                Console.Write($"{progress} run {run} ... ");
            }
            var load = new LoadRun(spec, target.Protocol, quickAck, limits, namePrefix: run == 1 ? "u" : $"r{run}x", tls: target.Tls);
            RunResult result = await load.ExecuteAsync(server.Endpoint, server.Pid, target.Name);
            yield return result with { Repeat = repeat, Run = runs > 1 ? run : 0 };
        }
    }
}

// A .NET server with tiered compilation (ours before it turned tiering off, or any build
// given as ours@PATH that has it) compiles its hot paths during its first seconds of load: a
// measured 1.09 us of server CPU per delivery on the first pass fell to 0.50 us by the
// fourth. Pools and buffers warm up too, whatever the build. So before each
// message run the same load runs unmeasured (half the messages, other client names) until
// the server's CPU per delivery stops falling by more than 10%, at most --warmup passes.
// Servers without a JIT (the seed's Python 3.11, the IRC servers' C++) need none.
async Task<string?> WarmUpAsync(RunSpec spec, ServerTarget target, ServerProcess server, bool quickAck)
{
    int passes = target.IsOurs || target.Running is not null ? options.WarmupPasses : 0;
    double previous = double.NaN;
    for (int pass = 1; pass <= passes; pass++)
    {
        var warmup = new LoadRun(spec with { Messages = Math.Max(50, spec.Messages / 2), Slow = 0 }, target.Protocol, quickAck, limits, namePrefix: $"w{pass}x", tls: target.Tls);
        RunResult warm = await warmup.ExecuteAsync(server.Endpoint, server.Pid, target.Name);
        if (warm.Error is not null)
        {
            return warm.Error;
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the warm-up clients' departures settle
        double cost = warm.ServerCpuSeconds / warm.Deliveries;
        if (cost > previous * 0.9 || double.IsNaN(cost))
        {
            break;
        }
        previous = cost;
    }
    return null;
}

static string RepoRoot()
{
    for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
    {
        if (File.Exists(Path.Combine(dir, "Chat.sln")))
        {
            return dir;
        }
    }
    return Directory.GetCurrentDirectory();
}

static string OurHost(string root)
{
#if DEBUG
    string[] configurations = ["Debug", "Release"];
#else
    string[] configurations = ["Release", "Debug"];
#endif
    foreach (string configuration in configurations)
    {
        string path = Path.Combine(root, "src", "Chat.Host", "bin", configuration, "net10.0", "Chat.Host");
        if (File.Exists(path))
        {
            return path;
        }
    }
    return Path.Combine(root, "src", "Chat.Host", "bin", configurations[0], "net10.0", "Chat.Host");
}
