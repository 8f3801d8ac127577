using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Chat.Host.Transport;

/// <summary>
/// One accepted socket as an <see cref="IDuplexPipe"/>, after Kestrel's socket transport:
/// one receive loop, one send loop.
/// </summary>
/// <remarks>
/// Why not <c>PipeReader.Create(new NetworkStream(socket))</c>: a stream reader rents its
/// buffer before it knows data is coming, so every idle connection holds one. Here the
/// receive loop first waits with a zero-byte receive and only then takes pipe memory, so an
/// idle connection holds no receive buffer (10,000 idle users cost no buffers). The send
/// loop sends everything the chat flushed since its last send in one gathered call, so a
/// burst of lines to one client becomes one syscall.
/// </remarks>
internal sealed class SocketConnection : IDuplexPipe
{
    // A read takes at least this much pipe memory; the pool's block size, so no waste.
    private const int MinReceiveBuffer = 4096;

    private readonly Socket _socket;
    private readonly Pipe _received;
    private readonly Pipe _toSend;
    private readonly List<ArraySegment<byte>> _gather = [];
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
    public SocketConnection(Socket socket, IPEndPoint remote)
    {
        _socket = socket;
        _socket.NoDelay = true; // chat lines are small and latency is what users feel
        _socket.SendBufferSize = KernelSendBytes;
        RemoteEndPoint = remote.ToString();
        _received = new Pipe(ReceiveOptions);
        _toSend = new Pipe(SendOptions);
    }

    public string RemoteEndPoint { get; }

    public PipeReader Input => _received.Reader;

    public PipeWriter Output => _toSend.Writer;

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
    }

    /// <summary>Closes the socket at once, whatever is left to send: pending sends and receives end.</summary>
    public void Abort() => _socket.Dispose();

    private async Task ReceiveLoopAsync()
    {
        PipeWriter writer = _received.Writer;
        try
        {
            while (true)
            {
                // Wait for data without holding a buffer.
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                Memory<byte> memory = writer.GetMemory(MinReceiveBuffer);
                int received = await _socket.ReceiveAsync(memory, SocketFlags.None);
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
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
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
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The peer is gone; the chat learns it from its next flush.
        }
        await reader.CompleteAsync();
    }

    private ValueTask<int> SendAsync(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return _socket.SendAsync(buffer.First, SocketFlags.None);
        }
        _gather.Clear();
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            if (!MemoryMarshal.TryGetArray(segment, out ArraySegment<byte> array))
            {
                throw new InvalidOperationException("Pipe memory is expected to be array-backed.");
            }
            _gather.Add(array);
        }
        return new ValueTask<int>(_socket.SendAsync(_gather, SocketFlags.None));
    }
}
