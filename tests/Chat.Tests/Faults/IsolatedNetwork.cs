using System.Diagnostics;
using System.Net;

namespace Chat.Tests.Faults;

/// <summary>
/// A network namespace of the test's own, joined to this machine by a veth pair on a private
/// /30 (10.213.x.y): a client started inside it reaches the host at <see cref="HostAddress"/>
/// over a link the test can cut, as a Wi-Fi drop does (no FIN, no RST, nothing). Made with
/// <c>ip</c> and <c>iptables</c>, removed on dispose, on failure too; every name is unique.
/// </summary>
internal sealed class IsolatedNetwork : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Why such a network cannot be made here, or null when it can.</summary>
    public static readonly string? Unavailable = WhyUnavailable();

    private readonly string _namespace;
    private readonly string _outside;
    private readonly string _inside;
    private readonly List<Process> _processes = [];

    private IsolatedNetwork(string id, int subnet)
    {
        _namespace = "chat-test-" + id;
        _outside = "chat" + id + "o"; // interface names: at most 15 bytes
        _inside = "chat" + id + "i";
        HostAddress = new IPAddress([10, 213, (byte)(subnet >> 8), (byte)(subnet + 1)]);
        ClientAddress = new IPAddress([10, 213, (byte)(subnet >> 8), (byte)(subnet + 2)]);
    }

    /// <summary>This machine's end of the link.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The namespace's end of the link.</summary>
    public IPAddress ClientAddress { get; }

    public static async Task<IsolatedNetwork> CreateAsync()
    {
        // Any /30 of 10.213.0.0/16, so that two runs at once do not collide.
        var network = new IsolatedNetwork(Guid.NewGuid().ToString("N")[..8], Random.Shared.Next(16_384) * 4);
        try
        {
            await network.SetUpAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="program"/> inside the namespace, its stdin open for the test to write.</summary>
    public Process StartInside(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["netns", "exec", _namespace, program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// From now on every packet either way is lost inside the namespace. Not by taking the link
    /// down: then this machine's own veth refuses the server's packets, and Linux takes that
    /// for local congestion and keeps probing without counting, which no real drop looks like.
    /// </summary>
    public async Task CutAsync()
    {
        await IpAsync("netns", "exec", _namespace, "iptables", "-A", "INPUT", "-j", "DROP");
        await IpAsync("netns", "exec", _namespace, "iptables", "-A", "OUTPUT", "-j", "DROP");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process process in _processes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
            process.Dispose();
        }
        // Deleting the namespace deletes the veth end inside it, and with it its peer out here.
        await TryIpAsync("netns", "del", _namespace);
        await TryIpAsync("link", "del", _outside);
    }

    private async Task SetUpAsync()
    {
        await IpAsync("netns", "add", _namespace);
        await IpAsync("link", "add", _outside, "type", "veth", "peer", "name", _inside);
        await IpAsync("link", "set", _inside, "netns", _namespace);
        await IpAsync("addr", "add", $"{HostAddress}/30", "dev", _outside);
        await IpAsync("link", "set", _outside, "up");
        await IpAsync("netns", "exec", _namespace, "ip", "addr", "add", $"{ClientAddress}/30", "dev", _inside);
        await IpAsync("netns", "exec", _namespace, "ip", "link", "set", _inside, "up");
    }

    private static async Task TryIpAsync(params string[] arguments)
    {
        try
        {
            await IpAsync(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never made.
        }
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {(await error).Trim()}");
        }
        await output;
    }

    private static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux's";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "making a network namespace needs root";
        }
        foreach (string program in (string[])["ip", "iptables", "nc"])
        {
            if (!IsOnPath(program))
            {
                return $"{program} is not installed (apt-get install -y iproute2 iptables netcat-openbsd)";
            }
        }
        // The machine may still forbid it (a container without CAP_SYS_ADMIN, a kernel without
        // netfilter): try once.
        string probe = "chat-probe-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            IpAsync("netns", "add", probe).GetAwaiter().GetResult();
            IpAsync("netns", "exec", probe, "iptables", "-A", "INPUT", "-j", "DROP").GetAwaiter().GetResult();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return "cannot cut a network namespace off here: " + ex.Message;
        }
        finally
        {
            TryIpAsync("netns", "del", probe).GetAwaiter().GetResult();
        }
    }

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
