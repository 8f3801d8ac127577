using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The real Chat.Host, run as its own process the way a user runs it, on a free port.
/// It collects what the host prints so tests can read its log and errors.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, TaskCompletionSource<int>> _doorPorts = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _awaited = [];

    private HostProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The plain line door's port; 0 when the settings turned that door off.</summary>
    public int Port { get; private set; }

    public string StandardError
    {
        get { lock (_stderr) { return string.Join('\n', _stderr); } }
    }

    public string StandardOutput
    {
        get { lock (_stdout) { return string.Join('\n', _stdout); } }
    }

    /// <summary>
    /// Starts the host with <c>--Chat:Port=0</c> and the given settings; waits until it
    /// listens (on its first door: the plain one unless the settings turn it off).
    /// </summary>
    public static Task<HostProcess> StartAsync(params string[] settings) => ListeningAsync(Launch(["--Chat:Port=0", .. settings]));

    /// <summary>As <see cref="StartAsync(string[])"/>, with <paramref name="environment"/> added to the host's.</summary>
    public static Task<HostProcess> StartAsync(IDictionary<string, string> environment, params string[] settings) =>
        ListeningAsync(Launch(["--Chat:Port=0", .. settings], environment));

    /// <summary>
    /// Starts the host as systemd starts a service: as the child of a process named
    /// <c>systemd</c> (a shell under that name, which stays the parent) with
    /// <paramref name="environment"/>, and returns at once, as systemd does not read the
    /// output either. The parent's name is what Microsoft.Extensions.Hosting.Systemd 10 looks
    /// at to know it runs under systemd; the shell's link by that name goes in <paramref name="directory"/>.
    /// </summary>
    public static HostProcess StartUnderSystemd(string directory, IDictionary<string, string> environment, params string[] settings)
    {
        // A process's name is the name it was started by.
        string systemd = Path.Combine(directory, "systemd");
        File.CreateSymbolicLink(systemd, "/bin/sh");
        return Launch(settings, environment, systemd);
    }

    private static async Task<HostProcess> ListeningAsync(HostProcess host)
    {
        Task exited = host._process.WaitForExitAsync();
        Task ready = await Task.WhenAny(host._listening.Task, exited).WaitAsync(Timeout);
        if (ready == exited)
        {
            throw new InvalidOperationException($"Host exited with {host._process.ExitCode}: {host.StandardError}");
        }
        // The plain door's line comes first when it is open.
        host.Port = host._port.Task.IsCompletedSuccessfully ? host._port.Task.Result : 0;
        return host;
    }

    /// <summary>The port of the door printed as <c>Listening on ADDRESS:PORT (<paramref name="door"/>)</c>, such as <c>line+tls</c>.</summary>
    public Task<int> DoorPortAsync(string door) => DoorPort(door).Task.WaitAsync(Timeout);

    /// <summary>The first line the host prints to stdout (its log included) that <paramref name="match"/> accepts, whether printed before or after this call.</summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.Find(l => match(l)) is { } line)
            {
                return Task.FromResult(line);
            }
            _awaited.Add((match, seen));
        }
        return seen.Task.WaitAsync(Timeout);
    }

    /// <summary>Runs the host with <paramref name="arguments"/> until it exits by itself.</summary>
    public static async Task<(int ExitCode, string StandardError, string StandardOutput)> RunToExitAsync(string[] arguments, IDictionary<string, string>? environment = null)
    {
        await using HostProcess host = Launch(arguments, environment);
        await host._process.WaitForExitAsync().WaitAsync(Timeout);
        host._process.WaitForExit(); // lets the output readers finish
        return (host._process.ExitCode, host.StandardError, host.StandardOutput);
    }

    /// <summary>Sends SIGTERM, as a service manager does, and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        Assert.Equal(0, Kill(_process.Id, Sigterm));
        await _process.WaitForExitAsync().WaitAsync(Timeout);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the host at once, as <c>kill -9</c> (SIGKILL) does: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>
    /// Starts the host with the memory history store unless <paramref name="arguments"/> say
    /// otherwise (the last value of a key wins): hosts run in parallel from one directory and
    /// would otherwise all open its chat.db.
    /// </summary>
    /// <param name="parent">A shell to start the host under, which stays its parent; null: no parent between.</param>
    private static HostProcess Launch(string[] arguments, IDictionary<string, string>? environment = null, string? parent = null)
    {
        var start = new ProcessStartInfo(parent ?? DotnetPath())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (parent is not null)
        {
            // Not the last command, so the shell runs the host as a child instead of becoming it.
            foreach (string argument in (string[])["-c", "\"$@\"; exit $?", "systemd", DotnetPath()])
            {
                start.ArgumentList.Add(argument);
            }
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chat.Host.dll"));
        // The IRC and web doors are off unless a test asks for them: their default ports (6667,
        // 8080) would be shared by every host the tests start at once.
        foreach (string argument in (string[])["--Chat:HistoryStore=Memory", "--Chat:IrcPort=", "--Chat:WebPort=", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host._stderr) { host._stderr.Add(e.Data); }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout)
        {
            _stdout.Add(line);
            foreach (var awaited in _awaited.Where(a => a.Match(line)).ToList())
            {
                awaited.Seen.TrySetResult(line);
                _awaited.Remove(awaited);
            }
        }
        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _port.TrySetResult(int.Parse(listening.Groups["port"].Value));
            _listening.TrySetResult();
        }
        else if (DoorListeningLine().Match(line) is { Success: true } door)
        {
            DoorPort(door.Groups["door"].Value).TrySetResult(int.Parse(door.Groups["port"].Value));
            _listening.TrySetResult();
        }
    }

    private TaskCompletionSource<int> DoorPort(string door)
    {
        lock (_doorPorts)
        {
            if (!_doorPorts.TryGetValue(door, out TaskCompletionSource<int>? port))
            {
                _doorPorts[door] = port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return port;
        }
    }

    private static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>What the host prints once per listening socket: <c>127.0.0.1:PORT</c>, <c>[::1]:PORT</c>.</summary>
    [GeneratedRegex(@"^Listening on (?<address>.+):(?<port>\d+)$")]
    public static partial Regex ListeningLine();

    /// <summary>What the host prints once per listening socket of a door other than the plain line door: <c>127.0.0.1:PORT (line+tls)</c>.</summary>
    [GeneratedRegex(@"^Listening on (?<address>.+):(?<port>\d+) \((?<door>[a-z+]+)\)$")]
    public static partial Regex DoorListeningLine();

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
