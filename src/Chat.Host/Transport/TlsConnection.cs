using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Chat.Host.Transport;

/// <summary>
/// A connection that speaks TLS: the pipes onto an <see cref="SslStream"/> over the socket.
/// The socket underneath is the same as a plain door's, so dead-peer detection (inherited
/// from the listening socket), the kernel send buffer cap and Abort work unchanged.
/// </summary>
internal sealed class TlsConnection : TransportConnection
{
    // The most one TLS record carries: a send of more than one pipe segment is copied into
    // records this size rather than written segment by segment, a record and a syscall each.
    private const int MaxRecordBytes = 16 * 1024;

    private readonly SslStream _tls;

    public TlsConnection(Socket socket, IPEndPoint remote)
        : base(socket, remote)
    {
        _tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
    }

    /// <summary>The server's side of the handshake; throws when the client does not complete it before <paramref name="cancellationToken"/>.</summary>
    public Task AuthenticateAsync(SslServerAuthenticationOptions options, CancellationToken cancellationToken) =>
        _tls.AuthenticateAsServerAsync(options, cancellationToken);

    // SslStream passes a zero-byte read through to the socket once it has nothing decrypted
    // left, and holds no buffer while it waits.
    protected override ValueTask<int> WaitToReceiveAsync() => _tls.ReadAsync(Memory<byte>.Empty);

    protected override ValueTask<int> ReceiveAsync(Memory<byte> memory) => _tls.ReadAsync(memory);

    protected override ValueTask<int> SendAsync(in ReadOnlySequence<byte> buffer) =>
        buffer.IsSingleSegment ? WriteAsync(buffer.First) : WriteInRecordsAsync(buffer);

    protected override async ValueTask EndSendAsync()
    {
        await _tls.ShutdownAsync(); // close_notify: the client can tell the end from a cut connection
        await base.EndSendAsync();
    }

    protected override void OnClosed() => _tls.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _tls.WriteAsync(bytes);
        return bytes.Length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WriteInRecordsAsync(ReadOnlySequence<byte> buffer)
    {
        int total = (int)buffer.Length;
        byte[] record = ArrayPool<byte>.Shared.Rent(Math.Min(total, MaxRecordBytes));
        try
        {
            while (!buffer.IsEmpty)
            {
                int length = (int)Math.Min(buffer.Length, record.Length);
                buffer.Slice(0, length).CopyTo(record);
                await _tls.WriteAsync(record.AsMemory(0, length));
                buffer = buffer.Slice(length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
        return total;
    }
}
