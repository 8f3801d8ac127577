using System.Net.Sockets;

namespace Chat.Host.Transport;

/// <summary>
/// Makes the kernel end a connection whose peer has vanished (Wi-Fi gone, laptop shut: no
/// FIN or RST ever comes) within <c>Chat:DeadPeerTimeout</c>, so that the chat sees the
/// socket fail and frees the name. Set on the listening sockets: Linux, the BSDs and
/// Windows copy these options to every connection accepted from them, so the accept
/// loop makes no extra call per connection.
/// </summary>
internal static class DeadPeerDetection
{
    // Linux's TCP_USER_TIMEOUT (RFC 5482), at IPPROTO_TCP; .NET has no name for it.
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    // The probes share the second half of the timeout, at least this many where whole
    // seconds allow: one lost probe alone must not end a live connection.
    private const int Probes = 3;

    /// <summary>Turns keepalive on so that idle time plus every probe fits in <paramref name="timeout"/> (whole seconds); zero leaves the socket alone.</summary>
    public static void Apply(Socket socket, TimeSpan timeout)
    {
        int seconds = (int)timeout.TotalSeconds;
        if (seconds == 0)
        {
            return;
        }
        // Half the time quiet before the first probe, the other half for the probes.
        int idle = Math.Max(1, seconds / 2);
        int interval = Math.Max(1, (seconds - idle) / Probes);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idle);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, interval);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Math.Max(1, (seconds - idle) / interval));
        if (OperatingSystem.IsLinux())
        {
            // Keepalive stays silent while sent data waits for its ACK, and retransmission
            // alone gives up only after about 15 minutes: a peer that vanished while lines
            // were on their way to it is caught by this instead.
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, BitConverter.GetBytes(seconds * 1000));
        }
    }
}
