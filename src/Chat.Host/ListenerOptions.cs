using System.Net;

namespace Chat.Host;

/// <summary>The host's own settings: where to listen, and how many connections one address may hold.</summary>
/// <param name="Address"><c>Chat:Address</c>.</param>
/// <param name="Port"><c>Chat:Port</c>; 0 = any free port.</param>
/// <param name="MaxConnectionsPerIp">
/// <c>Chat:MaxConnectionsPerIp</c>; 0 = off. Without it one address could take every slot
/// of <c>MaxConnections</c> and lock everyone else out.
/// </param>
internal sealed record ListenerOptions(IPAddress Address, int Port, int MaxConnectionsPerIp)
{
    public IPEndPoint EndPoint => new(Address, Port);
}
