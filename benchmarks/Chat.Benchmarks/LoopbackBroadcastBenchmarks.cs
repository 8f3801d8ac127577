using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Chat.Benchmarks.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Chat.Benchmarks;

/// <summary>
/// One message fanned out end to end over loopback TCP: the real host (generic host, socket
/// listener, socket transport, chat server) in this process, and N clients on real sockets,
/// each reading and counting what it receives. One broadcast is timed from the sender's
/// send to the last client's receipt. Client and server share the process, so Allocated is
/// both sides: the clients' receive loops allocate nothing of their own per line.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FanOutConfig))]
public class LoopbackBroadcastBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(3);
    private static readonly byte[] MessageLine = "hello everyone, one line for the whole room\n"u8.ToArray();

    private readonly DeliveryCounter _delivered = new();
    private IHost _host = null!;
    private Socket[] _clients = [];
    private Task[] _receiving = [];

    /// <summary>Connected clients, all in the lobby; 10,000 would need 20,000 sockets in one process.</summary>
    [Params(10, 100, 1_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        _delivered.ExpectLogins(Members);
        LogInAsync().WaitAsync(SetupTimeout).GetAwaiter().GetResult();
        _delivered.Wait(SetupTimeout);
        Console.WriteLine($"// Setup: {Members} clients logged in, {_delivered.Received} lines delivered, in {started.Elapsed.TotalSeconds:F1} s");
    }

    private async Task LogInAsync()
    {
        (_host, int port) = await InProcessChatHost.StartAsync(
            "--Chat:Port=0", "--Chat:HistoryStore=Memory", "--Chat:RateLimitMessages=0", "--Chat:MaxConnectionsPerIp=0", "--Logging:LogLevel:Default=Warning");
        var server = new IPEndPoint(IPAddress.Loopback, port);
        _clients = new Socket[Members];
        _receiving = new Task[Members];
        for (int i = 0; i < Members; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(server);
            _clients[i] = client;
            _receiving[i] = ReceiveAsync(client, _delivered);
            await client.SendAsync(System.Text.Encoding.ASCII.GetBytes($"c{i:D5}\n"), SocketFlags.None);
        }
    }

    /// <summary>One client says one line; returns when every other client has received it.</summary>
    [Benchmark]
    public void Broadcast()
    {
        _delivered.Expect(Members - 1);
        _clients[0].Send(MessageLine);
        _delivered.Wait(Timeout);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Shutdown ends every session without telling the others that each one left.
        _host.StopAsync().WaitAsync(SetupTimeout).GetAwaiter().GetResult();
        foreach (Socket client in _clients)
        {
            client.Dispose();
        }
        Task.WhenAll(_receiving).WaitAsync(SetupTimeout).GetAwaiter().GetResult();
        _host.Dispose();
    }

    /// <summary>A client that reads everything and only counts the lines.</summary>
    private static async Task ReceiveAsync(Socket client, DeliveryCounter delivered)
    {
        byte[] buffer = new byte[4096];
        while (true)
        {
            int received;
            try
            {
                received = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
            if (received == 0)
            {
                return;
            }
            delivered.Count(buffer.AsSpan(0, received).Count((byte)'\n'));
        }
    }
}
