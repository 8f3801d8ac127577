using System.Net;
using System.Net.Sockets;

namespace Chat.Tests.EndToEnd;

/// <summary>A test that needs IPv6 on loopback (<c>::1</c>); skipped, not failed, on a machine without it.</summary>
public sealed class IPv6LoopbackFactAttribute : FactAttribute
{
    private static readonly bool Available = Probe();

    public IPv6LoopbackFactAttribute()
    {
        if (!Available)
        {
            Skip = "this machine has no IPv6 loopback (::1)";
        }
    }

    private static bool Probe()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
