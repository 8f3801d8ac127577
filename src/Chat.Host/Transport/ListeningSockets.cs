using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Chat.Host.Transport;

/// <summary>
/// One listening socket per door and <c>Chat:Address</c>, each door on its own port, bound
/// while the host is built: a port in use or an address this machine does not have is then
/// one line naming the setting and exit code 1, like a bad value, never a host that logs a
/// stack trace as it fails to start.
/// </summary>
internal sealed class ListeningSockets : IDisposable
{
    // With port 0 the first address picks a free port and the others take the same one,
    // which another program may hold on them; a fresh pick almost never collides again.
    private const int FreePortAttempts = 5;

    private ListeningSockets(ListeningSocket[] sockets) => Sockets = sockets;

    /// <summary>Door by door in the order of <see cref="ListenerOptions.Doors"/>, address by address within a door.</summary>
    public IReadOnlyList<ListeningSocket> Sockets { get; }

    /// <summary>Binds and listens on every address of every door; on failure closes what it bound and returns the one line to print.</summary>
    public static bool TryListen(ListenerOptions options, [NotNullWhen(true)] out ListeningSockets? listening, out string error)
    {
        var all = new List<ListeningSocket>();
        foreach (Door door in options.Doors)
        {
            if (!TryListen(options, door, all, out error))
            {
                all.ForEach(bound => bound.Socket.Dispose());
                listening = null;
                return false;
            }
        }
        listening = new ListeningSockets([.. all]);
        error = "";
        return true;
    }

    public void Dispose()
    {
        foreach (ListeningSocket listening in Sockets)
        {
            listening.Socket.Dispose();
        }
    }

    private static bool TryListen(ListenerOptions options, Door door, List<ListeningSocket> all, out string error)
    {
        for (int attempt = 1; ; attempt++)
        {
            var sockets = new List<Socket>(options.Addresses.Count);
            if (TryListenAll(options, door.Port, sockets, out IPEndPoint failedAt, out SocketException? failure))
            {
                all.AddRange(sockets.Select(socket => new ListeningSocket(socket, door)));
                error = "";
                return true;
            }
            sockets.ForEach(socket => socket.Dispose());
            bool portPickedHere = door.Port == 0 && sockets.Count > 0;
            if (!portPickedHere || failure.SocketErrorCode != SocketError.AddressAlreadyInUse || attempt == FreePortAttempts)
            {
                error = Describe(door, failedAt, failure);
                return false;
            }
        }
    }

    private static bool TryListenAll(ListenerOptions options, int port, List<Socket> sockets, out IPEndPoint endPoint, [NotNullWhen(false)] out SocketException? failure)
    {
        endPoint = null!;
        foreach (IPAddress address in options.Addresses)
        {
            endPoint = new IPEndPoint(address, sockets.Count == 0 ? port : ((IPEndPoint)sockets[0].LocalEndPoint!).Port);
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

    internal static string Describe(Door door, IPEndPoint endPoint, SocketException failure)
    {
        string problem = failure.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => $"{ChatSettings.Section}:{door.PortKey} {endPoint.Port} is in use",
            SocketError.AddressNotAvailable => $"{ChatSettings.Section}:Address {endPoint.Address} is not an address of this machine",
            _ => failure.Message,
        };
        return $"Cannot listen on {endPoint}: {problem}.";
    }
}
