using System.Globalization;
using Chat.LoadTest.Protocols;
using Chat.LoadTest.Servers;

namespace Chat.LoadTest;

/// <summary>The command line: a scenario (or the load's own flags) and the servers to load.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        Chat.LoadTest: drives servers speaking PROTOCOL.md (or IRC) over real loopback sockets.

          --scenario NAME[,NAME]  fan-out | big-room | slow | connect-storm | idle
          --clients N[,N...]      reading clients in the room (a list runs each size)
          --senders S             clients that also send (default 10)
          --messages M            messages per sender (default 1000)
          --payload BYTES         message text size (default 64)
          --slow K                extra clients that log in and then never read
          --window W              messages per sender not yet received by everyone (default 16)
          --server NAME[,NAME]    ours | ours+tls (its TLS line door) | seed-basic | seed-advanced | ngircd | inspircd | 127.0.0.1:PORT
                                  | ours@PATH (another build of our server, compared with ours)
                                  | ours-sqlite (ours on its SQLite history store, a fresh file per run;
                                  ours, ours+tls and ours@PATH run the memory store)
          --proto chat|irc        protocol of a 127.0.0.1:PORT server (named ones are known)
          --server-pid PID        pid of that running server, to read its CPU and RSS from /proc
          --compare               all five named servers, same load, same run, with ratios
          --repeat N              run everything N times, report medians (default 1)
          --warmup N              before each message run, up to N unmeasured passes of the same
                                  load (half the messages) on the same server process, until its
                                  CPU per delivery stops falling (default 4; 0 = none)
          --runs-per-process N    N message runs on each server process, with no warm-up, each
                                  reported on its own: run 1 is the fresh process's (default 1)
          --out PREFIX            write PREFIX.csv and PREFIX.png (default benchmarks/results/NAME)
          --login-concurrency N   logins in flight at once before a message run (default 100;
                                  0 = all at once); storms and idle runs always connect at once
          --timeout SECONDS       longest message phase of one run (default 120)
          --idle-seconds S        how long idle clients are held before memory is read (default 5)
          --quickack auto|on|off  re-arm TCP_QUICKACK after each read (auto: for IRC servers)
          --servers-dir DIR       where seed/ and anchors/ are (default: the repo's benchmarks/)
          --host PATH             our server's executable (default: the Chat.Host build)

        Flags after --scenario override its values. Our server runs with the rate limit off.
        """;

    public List<string> Scenarios { get; } = [];

    public int[]? Clients { get; set; }

    public int? Senders { get; set; }

    public int? Messages { get; set; }

    public int? Payload { get; set; }

    public int? Slow { get; set; }

    public int? Window { get; set; }

    public List<string> Servers { get; } = [];

    public ProtocolKind? Protocol { get; set; }

    public int? ServerPid { get; set; }

    public bool Compare { get; set; }

    public int Repeat { get; set; } = 1;

    public int LoginConcurrency { get; set; } = 100;

    public int WarmupPasses { get; set; } = 4;

    public int RunsPerProcess { get; set; } = 1;

    public string? Out { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    public TimeSpan Idle { get; set; } = TimeSpan.FromSeconds(5);

    public bool? QuickAck { get; set; }

    public string? ServersDir { get; set; }

    public string? HostPath { get; set; }

    public bool Help { get; set; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"{flag} takes a whole number.");
            switch (flag)
            {
                case "--scenario": options.Scenarios.AddRange(List(Value())); break;
                case "--clients": options.Clients = [.. List(Value()).Select(c => int.Parse(c, CultureInfo.InvariantCulture))]; break;
                case "--senders": options.Senders = Int(); break;
                case "--messages": options.Messages = Int(); break;
                case "--payload": options.Payload = Int(); break;
                case "--slow": options.Slow = Int(); break;
                case "--window": options.Window = Math.Max(1, Int()); break;
                case "--server": options.Servers.AddRange(List(Value())); break;
                case "--proto": options.Protocol = Value() switch { "irc" => ProtocolKind.Irc, "chat" => ProtocolKind.Chat, var p => throw new ArgumentException($"Unknown protocol {p}.") }; break;
                case "--server-pid": options.ServerPid = Int(); break;
                case "--compare": options.Compare = true; break;
                case "--repeat": options.Repeat = Math.Max(1, Int()); break;
                case "--warmup": options.WarmupPasses = Int(); break;
                case "--runs-per-process": options.RunsPerProcess = Math.Max(1, Int()); break;
                case "--login-concurrency": options.LoginConcurrency = Int(); break;
                case "--out": options.Out = Value(); break;
                case "--timeout": options.Timeout = TimeSpan.FromSeconds(Int()); break;
                case "--idle-seconds": options.Idle = TimeSpan.FromSeconds(Int()); break;
                case "--quickack": options.QuickAck = Value() switch { "on" => true, "off" => false, _ => null }; break;
                case "--servers-dir": options.ServersDir = Value(); break;
                case "--host": options.HostPath = Value(); break;
                case "-h" or "--help": options.Help = true; break;
                default: throw new ArgumentException($"Unknown flag {flag}.");
            }
        }
        return options;
    }

    /// <summary>The servers to load, in the order they run.</summary>
    public List<ServerTarget> Targets()
    {
        IEnumerable<string> names = Compare ? ServerTarget.CompareSet.Concat(Servers).Distinct() : Servers.Count > 0 ? Servers : [ServerTarget.Ours];
        return [.. names.Select(n => ServerTarget.Parse(n, n.Contains(':') && !n.StartsWith("ours@", StringComparison.Ordinal) ? Protocol : null, ServerPid))];
    }

    /// <summary>The loads to run: each scenario's, with the flags given overriding its values.</summary>
    public List<RunSpec> Specs()
    {
        List<string> scenarios = Scenarios.Count > 0 ? Scenarios
            : Compare && Clients is null ? ["fan-out", "big-room"]
            : ["custom"];
        var specs = new List<RunSpec>();
        foreach (string scenario in scenarios)
        {
            foreach (RunSpec preset in Preset(scenario))
            {
                int[] sizes = Clients ?? [preset.Clients];
                foreach (int clients in sizes)
                {
                    var spec = preset with
                    {
                        Clients = clients,
                        Senders = Math.Min(clients, Senders ?? preset.Senders),
                        Messages = Messages ?? preset.Messages,
                        Payload = Payload ?? preset.Payload,
                        Slow = preset.Scenario == "slow-baseline" ? 0 : Slow ?? preset.Slow,
                        Window = Window ?? preset.Window,
                    };
                    if (preset.Kind != RunKind.Messages)
                    {
                        spec = spec with { Senders = 0, Messages = 0 };
                    }
                    specs.Add(spec);
                }
            }
        }
        return specs;
    }

    /// <summary>The issue's scenarios. "slow" is two runs: the same load without and with the slow client.</summary>
    private static IEnumerable<RunSpec> Preset(string scenario) => scenario switch
    {
        "custom" => [new RunSpec("custom", RunKind.Messages, 100, 10, 1000, 64, 0, 16)],
        "fan-out" => [new RunSpec("fan-out", RunKind.Messages, 100, 10, 1000, 64, 0, 16)],
        "big-room" => [new RunSpec("big-room", RunKind.Messages, 1000, 5, 200, 64, 0, 16)],
        "slow" =>
        [
            new RunSpec("slow-baseline", RunKind.Messages, 100, 10, 1000, 400, 0, 16),
            new RunSpec("slow", RunKind.Messages, 100, 10, 1000, 400, 1, 16),
        ],
        "connect-storm" =>
        [
            new RunSpec("connect-storm", RunKind.Logins, 2000, 0, 0, 64, 0, 16),
            new RunSpec("connect-storm", RunKind.Logins, 10_000, 0, 0, 64, 0, 16),
        ],
        "idle" => [new RunSpec("idle", RunKind.Idle, 10_000, 0, 0, 64, 0, 16)],
        _ => throw new ArgumentException($"Unknown scenario {scenario}: fan-out, big-room, slow, connect-storm or idle."),
    };

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
