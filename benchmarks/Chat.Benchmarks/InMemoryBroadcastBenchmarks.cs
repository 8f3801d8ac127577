using Chat.Testing;
using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Chat.Benchmarks.Infrastructure;
using Chat.Core;
using Chat.Core.History;
using Chat.Host.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Benchmarks;

/// <summary>
/// One message fanned out to a room, in process: the real <see cref="ChatServer"/> serves
/// every member over a pair of in-memory pipes, each member's output is read and discarded
/// by its own loop (on pipes set up as the socket transport sets up its own), and one
/// broadcast is timed from the sender's line to the last member's receipt. It covers
/// reading, framing, cleaning, formatting, the room's enqueue to every outbox and every
/// write loop's drain to its pipe; no sockets.
/// </summary>
/// <remarks>
/// The allocation per broadcast must not grow with the room: one shared encoded line at most.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(FanOutConfig))]
public class InMemoryBroadcastBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(3);

    private static readonly byte[] MessageLine = "hello everyone, one line for the whole room\n"u8.ToArray();

    private readonly DeliveryCounter _delivered = new();
    private ChatServer _server = null!;
    private PipeWriter[] _clientOutputs = [];
    private Task[] _connections = [];
    private Task[] _discards = [];
    private ServiceProvider? _meters;
    private CountersSession? _counters;

    [Params(10, 100, 1_000, 10_000)]
    public int Members { get; set; }

    /// <summary>
    /// With the <c>Chat</c> meter listened to as dotnet-counters listens (benchmarks/README.md,
    /// "Metrics"); without, the server has no instruments at all.
    /// </summary>
    [Params(false, true)]
    public bool Counted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new ChatOptions
        {
            RateLimitMessages = 0,
            MaxConnections = Members,
            LoginTimeout = TimeSpan.FromHours(1),
        };
        ChatMetrics? metrics = null;
        if (Counted)
        {
            _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            metrics = new ChatMetrics(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            _counters = new CountersSession();
        }
        _server = new ChatServer(options, TimeProvider.System, NullLogger<ChatServer>.Instance, new MemoryHistoryStore(), metrics);
        _clientOutputs = new PipeWriter[Members];
        _connections = new Task[Members];
        _discards = new Task[Members];

        var started = System.Diagnostics.Stopwatch.StartNew();
        _delivered.ExpectLogins(Members);
        for (int i = 0; i < Members; i++)
        {
            // The socket transport's own pipe settings, so each discarding reader runs where the
            // host's send loop would.
            var toServer = new Pipe(TransportConnection.ReceiveOptions);
            var toClient = new Pipe(TransportConnection.SendOptions);
            _clientOutputs[i] = toServer.Writer;
            _connections[i] = _server.RunConnectionAsync(new DuplexPipe(toServer.Reader, toClient.Writer), $"member{i}");
            _discards[i] = DiscardAsync(toClient.Reader, _delivered);
            Send(toServer.Writer, System.Text.Encoding.ASCII.GetBytes($"m{i:D5}\n"));
        }
        _delivered.Wait(SetupTimeout);
        Console.WriteLine($"// Setup: {Members} members logged in, {_delivered.Received} lines delivered, in {started.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>One member says one line; returns when every other member has received it.</summary>
    [Benchmark]
    public void Broadcast()
    {
        _delivered.Expect(Members - 1);
        Send(_clientOutputs[0], MessageLine);
        _delivered.Wait(Timeout);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Shutdown ends every session without telling the others that each one left.
        _server.ShutdownAsync().WaitAsync(SetupTimeout).GetAwaiter().GetResult();
        foreach (PipeWriter output in _clientOutputs)
        {
            output.Complete();
        }
        Task.WhenAll(_connections.Concat(_discards)).WaitAsync(SetupTimeout).GetAwaiter().GetResult();
        if (_counters is not null)
        {
            Console.WriteLine($"// Counted: {_counters.Published} values published by the metrics event source");
            _counters.Dispose();
        }
        _meters?.Dispose();
    }

    private static void Send(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        ValueTask<FlushResult> flush = output.FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            flush.AsTask().WaitAsync(Timeout).GetAwaiter().GetResult();
        }
    }

    /// <summary>A client that reads everything and only counts the lines.</summary>
    private static async Task DiscardAsync(PipeReader input, DeliveryCounter delivered)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync();
            int lines = 0;
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                lines += segment.Span.Count((byte)'\n');
            }
            input.AdvanceTo(result.Buffer.End);
            delivered.Count(lines);
            if (result.IsCompleted)
            {
                break;
            }
        }
        await input.CompleteAsync();
    }
}
