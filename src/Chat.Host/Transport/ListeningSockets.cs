using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Chat.Host.Transport;

/// <summary>
/// One listening socket per <c>Chat:Address</c>, all on one port, bound while the host is
/// built: a port in use or an address this machine does not have is then one line naming
/// the setting and exit code 1, like a bad value, never a host that logs a stack trace as it
/// fails to start.
/// </summary>
internal sealed class ListeningSockets : IDisposable
{
    // With Port 0 the first address picks a free port and the others take the same one,
    // which another program may hold on them; a fresh pick almost never collides again.
    private const int FreePortAttempts = 5;

    private ListeningSockets(Socket[] sockets) => Sockets = sockets;

    public IReadOnlyList<Socket> Sockets { get; }

    /// <summary>Binds and listens on every address; on failure closes what it bound and returns the one line to print.</summary>
    public static bool TryListen(ListenerOptions options, [NotNullWhen(true)] out ListeningSockets? listening, out string error)
    {
        for (int attempt = 1; ; attempt++)
        {
            var sockets = new List<Socket>(options.Addresses.Count);
            if (TryListenAll(options, sockets, out IPEndPoint failedAt, out SocketException? failure))
            {
                listening = new ListeningSockets([.. sockets]);
                error = "";
                return true;
            }
            sockets.ForEach(socket => socket.Dispose());
            bool portPickedHere = options.Port == 0 && sockets.Count > 0;
            if (!portPickedHere || failure.SocketErrorCode != SocketError.AddressAlreadyInUse || attempt == FreePortAttempts)
            {
                listening = null;
                error = Describe(failedAt, failure);
                return false;
            }
        }
    }

    public void Dispose()
    {
        foreach (Socket socket in Sockets)
        {
            socket.Dispose();
        }
    }

    private static bool TryListenAll(ListenerOptions options, List<Socket> sockets, out IPEndPoint endPoint, [NotNullWhen(false)] out SocketException? failure)
    {
        endPoint = null!;
        foreach (IPAddress address in options.Addresses)
        {
            int port = sockets.Count == 0 ? options.Port : ((IPEndPoint)sockets[0].LocalEndPoint!).Port;
            endPoint = new IPEndPoint(address, port);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = true; // IPV6_V6ONLY off: `::` takes IPv4 clients too
                }
                DeadPeerDetection.Apply(socket, options.DeadPeerTimeout);
                socket.Bind(endPoint);
                // The largest backlog the kernel allows: thousands of clients may connect at once.
                socket.Listen(int.MaxValue);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
                return false;
            }
            sockets.Add(socket);
        }
        failure = null;
        return true;
    }

    private static string Describe(IPEndPoint endPoint, SocketException failure)
    {
        string problem = failure.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => $"Chat:Port {endPoint.Port} is in use",
            SocketError.AddressNotAvailable => $"Chat:Address {endPoint.Address} is not an address of this machine",
            _ => failure.Message,
        };
        return $"Cannot listen on {endPoint}: {problem}.";
    }
}
