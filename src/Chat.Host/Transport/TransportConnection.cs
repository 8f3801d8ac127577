using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Chat.Host.Transport;

/// <summary>
/// One accepted socket as an <see cref="IDuplexPipe"/>, after Kestrel's socket transport:
/// one receive loop, one send loop. What carries the bytes (the socket itself, or TLS over
/// it) is the subclass's; the pipes, the loops, the limits and the close are the same for
/// every door.
/// </summary>
/// <remarks>
/// Why not <c>PipeReader.Create(new NetworkStream(socket))</c>: a stream reader rents its
/// buffer before it knows data is coming, so every idle connection holds one. Here the
/// receive loop first waits with a zero-byte receive and only then takes pipe memory, so an
/// idle connection holds no receive buffer (10,000 idle users cost no buffers).
/// </remarks>
internal abstract class TransportConnection : IDuplexPipe
{
    // A read takes at least this much pipe memory; the pool's block size, so no waste.
    private const int MinReceiveBuffer = 4096;

    private readonly Pipe _received;
    private readonly Pipe _toSend;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;

    // Both directions pause at 64 KiB: a client that floods waits on TCP, and a client that
    // stops reading backs up into its outbox, where OutboxBytes bounds it.
    private const int PauseBytes = 64 * 1024;
    private const int ResumeBytes = 32 * 1024;

    /// <summary>
    /// Received bytes: the chat's read loop is resumed inline, on the thread of the receive
    /// loop's flush. It only frames, cleans and enqueues (never blocks), so the thread-pool
    /// hop saved per read is pure gain (its measured effect: benchmarks/README.md).
    /// </summary>
    internal static readonly PipeOptions ReceiveOptions = new(
        readerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: ResumeBytes, useSynchronizationContext: false);

    /// <summary>
    /// Bytes to send: the send loop is resumed inline, on the thread of the chat's flush. It
    /// only hands the bytes to a non-blocking send, so the pipe's buffer goes back to the pool
    /// before that thread drains the next client's outbox. Resumed on the thread pool, a
    /// broadcast to N members would hold N buffers at once, more than the shared array pool
    /// keeps, and allocate per delivered line (benchmarks/results/README.md).
    /// </summary>
    internal static readonly PipeOptions SendOptions = new(
        readerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: ResumeBytes, useSynchronizationContext: false);

    /// <summary>
    /// What the kernel may hold for one client beyond its outbox. Left to itself Linux grows a
    /// socket's send buffer up to net.ipv4.tcp_wmem's maximum (4 MiB), so a client that stops
    /// reading would pile up 4 MiB in the kernel before its 1 MiB outbox even began to fill;
    /// fixed, a non-reading client is dropped once about OutboxBytes plus this is waiting for
    /// it (PROTOCOL.md §4). Linux doubles the value for its bookkeeping.
    /// </summary>
    private const int KernelSendBytes = 256 * 1024;

    /// <param name="socket">The accepted socket.</param>
    /// <param name="remote">Its peer, IPv4 clients of a dual-stack socket already shown as IPv4.</param>
    protected TransportConnection(Socket socket, IPEndPoint remote)
    {
        Socket = socket;
        Socket.NoDelay = true; // chat lines are small and latency is what users feel
        Socket.SendBufferSize = KernelSendBytes;
        RemoteEndPoint = remote.ToString();
        _received = new Pipe(ReceiveOptions);
        _toSend = new Pipe(SendOptions);
    }

    public string RemoteEndPoint { get; }

    public PipeReader Input => _received.Reader;

    public PipeWriter Output => _toSend.Writer;

    protected Socket Socket { get; }

    public void Start()
    {
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    /// <summary>
    /// Closes the socket once the chat is done with it: after what is left to send has gone
    /// out (for at most <paramref name="drain"/>), or at once when <paramref name="abort"/>.
    /// </summary>
    public async Task CloseAsync(bool abort, TimeSpan drain)
    {
        if (!abort)
        {
            try
            {
                await _sending.WaitAsync(drain);
            }
            catch (TimeoutException)
            {
                // The client does not take what is left; it will not get it.
            }
        }
        Abort();
        await Task.WhenAll(_receiving, _sending);
        OnClosed();
    }

    /// <summary>Closes the socket at once, whatever is left to send: pending sends and receives end.</summary>
    public void Abort() => Socket.Dispose();

    // The waits return the socket's own ValueTask<int> (backed by a reused source) as is: a
    // wrapper of ours would allocate whenever the socket has to wait, on every idle read.

    /// <summary>Waits until bytes can be received, holding no buffer meanwhile (a zero-byte receive).</summary>
    protected abstract ValueTask<int> WaitToReceiveAsync();

    /// <summary>Receives into <paramref name="memory"/>; 0 once the peer has closed.</summary>
    protected abstract ValueTask<int> ReceiveAsync(Memory<byte> memory);

    /// <summary>Sends all of <paramref name="buffer"/>; the count it returns is not used.</summary>
    protected abstract ValueTask<int> SendAsync(in ReadOnlySequence<byte> buffer);

    /// <summary>Tells the peer nothing more will come, once the chat has completed its output.</summary>
    protected virtual ValueTask EndSendAsync()
    {
        Socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    /// <summary>Both loops have ended and the socket is closed: release what is left.</summary>
    protected virtual void OnClosed()
    {
    }

    private async Task ReceiveLoopAsync()
    {
        PipeWriter writer = _received.Writer;
        try
        {
            while (true)
            {
                await WaitToReceiveAsync();
                Memory<byte> memory = writer.GetMemory(MinReceiveBuffer);
                int received = await ReceiveAsync(memory);
                if (received == 0)
                {
                    break;
                }
                writer.Advance(received);
                FlushResult flushed = await writer.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsGone(ex))
        {
            // A reset or our own close: to the chat, the client is simply gone.
        }
        await writer.CompleteAsync();
    }

    private async Task SendLoopAsync()
    {
        PipeReader reader = _toSend.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    await SendAsync(buffer);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            await EndSendAsync();
        }
        catch (Exception ex) when (IsGone(ex))
        {
            // The peer is gone; the chat learns it from its next flush.
        }
        await reader.CompleteAsync();
    }

    // A stream over the socket (TLS) reports a reset or a close as an IOException.
    private static bool IsGone(Exception ex) => ex is SocketException or ObjectDisposedException or IOException;
}
