using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Chat.Host.Transport;

/// <summary>
/// A plain-text connection: the pipes straight onto the socket. The send loop sends
/// everything the chat flushed since its last send in one gathered call, so a burst of lines
/// to one client becomes one syscall.
/// </summary>
internal sealed class SocketConnection(Socket socket, IPEndPoint remote) : TransportConnection(socket, remote)
{
    private readonly List<ArraySegment<byte>> _gather = [];

    protected override ValueTask<int> WaitToReceiveAsync() =>
        Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);

    protected override ValueTask<int> ReceiveAsync(Memory<byte> memory) =>
        Socket.ReceiveAsync(memory, SocketFlags.None);

    protected override ValueTask<int> SendAsync(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return Socket.SendAsync(buffer.First, SocketFlags.None);
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
        return new ValueTask<int>(Socket.SendAsync(_gather, SocketFlags.None));
    }
}
