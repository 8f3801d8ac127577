using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Chat.LoadTest.Servers;

/// <summary>Where the servers the tool starts live: our build, and the folder holding <c>seed/</c> and <c>anchors/</c>.</summary>
internal sealed record ServerPaths(string OurHost, string ServersDir);

/// <summary>
/// A server process the tool started for one run (a fresh one each run, so no run inherits
/// another's state), on a free loopback port; or a server that was already running. Knows
/// its pid, so the run can read its CPU and memory from /proc.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly List<string> _tempFiles;
    private readonly Queue<string> _lastLines = new();

    private readonly int? _runningPid;

    private ServerProcess(IPEndPoint endpoint, Process? process, List<string> tempFiles, int? runningPid = null)
    {
        _runningPid = runningPid;
        Endpoint = endpoint;
        _process = process;
        _tempFiles = tempFiles;
    }

    public IPEndPoint Endpoint { get; private set; }

    public int? Pid => _process?.Id ?? _runningPid;

    public static async Task<ServerProcess> StartAsync(ServerTarget target, ServerPaths paths, int connections)
    {
        if (target.Running is { } running)
        {
            return new ServerProcess(running, null, [], target.RunningPid);
        }
        var temp = new List<string>();
        int port = target.IsOurs ? 0 : FreePort();
        string anchors = Path.Combine(paths.ServersDir, "anchors");
        string seed = Path.Combine(paths.ServersDir, "seed");
        ProcessStartInfo start = (target.IsOurs ? ServerTarget.Ours : target.Name) switch
        {
            ServerTarget.Ours => Start(target.HostPath ?? paths.OurHost, [
                "--Chat:Port=0", "--Chat:IrcPort=", "--Chat:WebPort=", "--Chat:RateLimitMessages=0", "--Chat:MaxConnectionsPerIp=0", "--Logging:LogLevel:Default=Warning",
                // The default limit is 10,000 connections; a bigger load raises it, never lowers it.
                $"--Chat:MaxConnections={Math.Max(10_000, connections + 16)}",
                .. HistorySettings(target, temp),
                .. target.Tls ? TlsDoorOnly(temp) : []]),
            ServerTarget.SeedBasic => Start("python3", Path.Combine(seed, "basic_server.py"), Port(port)),
            ServerTarget.SeedAdvanced => Start("python3", Path.Combine(seed, "advanced_server.py"), Port(port)),
            ServerTarget.NgIrcd => Start("ngircd", "-n", "-f", Config(temp, anchors, "ngircd.conf", text => text
                .Replace("Ports = 16667", $"Ports = {port}")
                .Replace("/tmp/ngircd-bench.pid", TempPath(temp, "ngircd.pid")))),
            ServerTarget.InspIrcd => Start("inspircd", $"--config={Config(temp, anchors, "inspircd.conf", text => text
                .Replace("@HERE@", anchors)
                .Replace("port=\"16668\"", $"port=\"{port}\"")
                .Replace("/tmp/inspircd-bench.log", TempPath(temp, "inspircd.log")))}", "--nofork", "--nopid", "--runasroot"),
            _ => throw new ArgumentException(target.Name),
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(new IPEndPoint(IPAddress.Loopback, port), process, temp);
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data, listening);
        process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data, null);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"{target.Name} exited at start: {server.LastLines()}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (target.IsOurs)
            {
                int bound = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
                server.Endpoint = new IPEndPoint(IPAddress.Loopback, bound);
            }
            else
            {
                await WaitUntilAcceptingAsync(server.Endpoint, process, TimeSpan.FromSeconds(30));
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Stops the server: SIGTERM, then a kill if it has not gone within 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Native.Terminate(_process.Id);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process?.Dispose();
        foreach (string file in _tempFiles)
        {
            File.Delete(file);
        }
    }

    private void OnOutput(string? line, TaskCompletionSource<int>? listening)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 10)
            {
                _lastLines.Dequeue();
            }
        }
        if (listening is not null && ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private string LastLines()
    {
        lock (_lastLines)
        {
            return string.Join(" | ", _lastLines);
        }
    }

    private static ProcessStartInfo Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // the server gets no terminal input
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The tool's own socket tuning must not leak into the server it measures.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        return start;
    }

    /// <summary>
    /// The memory store unless the target is <c>ours-sqlite</c>: then a history file of this
    /// run's own, deleted with the files SQLite keeps beside it. Runs never share a history.
    /// </summary>
    private static string[] HistorySettings(ServerTarget target, List<string> temp)
    {
        if (target.Name != ServerTarget.OursSqlite)
        {
            return ["--Chat:HistoryStore=Memory"];
        }
        string database = TempPath(temp, "chat.db");
        temp.AddRange([database + "-wal", database + "-shm", database + "-lock"]);
        return ["--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={database}"];
    }

    /// <summary>Settings that close the plain door and open the TLS line door, with a throwaway self-signed certificate.</summary>
    private static string[] TlsDoorOnly(List<string> temp)
    {
        // P-256, as a real deployment would choose: the handshake is part of the login storm.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        string certificatePath = TempPath(temp, "tls.pem");
        string keyPath = TempPath(temp, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return ["--Chat:Port=", "--Chat:TlsPort=0", $"--Chat:TlsCertificate={certificatePath}", $"--Chat:TlsKey={keyPath}"];
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A copy of a server's config with this run's port and temp paths (the original stays as committed).</summary>
    private static string Config(List<string> temp, string dir, string name, Func<string, string> edit)
    {
        string path = TempPath(temp, name);
        File.WriteAllText(path, edit(File.ReadAllText(Path.Combine(dir, name))));
        return path;
    }

    private static string TempPath(List<string> temp, string name)
    {
        string path = Path.Combine(Path.GetTempPath(), $"chat-loadtest-{Environment.ProcessId}-{temp.Count}-{name}");
        temp.Add(path);
        return path;
    }

    /// <summary>A port free right now (the kernel's pick); the server binds it a moment later.</summary>
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task WaitUntilAcceptingAsync(IPEndPoint endpoint, Process process, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with code {process.ExitCode}.");
            }
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(endpoint);
                probe.Shutdown(SocketShutdown.Both);
                await Task.Delay(100); // let the server forget the probe
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(50);
            }
        }
    }

    [GeneratedRegex(@"Listening on .*:(\d+)( \([a-z+]+\))?\s*$")]
    private static partial Regex ListeningLine();
}
