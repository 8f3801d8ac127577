using System.Net;
using Chat.Host.Transport;

namespace Chat.Host;

/// <summary>The host's own settings: where to listen, how many connections one address may hold, when a peer is dead.</summary>
/// <param name="Addresses">
/// <c>Chat:Address</c>, a comma-separated list: one listening socket per address and door,
/// each door on its own port. An IPv6 address takes IPv4 clients too (IPV6_V6ONLY off), so
/// <c>::</c> is every address of the machine.
/// </param>
/// <param name="Doors">
/// The doors that are open, in the order they are printed: <c>Chat:Port</c> (the plain line
/// door) unless empty, then <c>Chat:TlsPort</c> when a certificate is set. Port 0 = any free
/// port, the same one for every address.
/// </param>
/// <param name="Tls">The certificate the TLS doors present; null when <c>Chat:TlsCertificate</c> is not set.</param>
/// <param name="MaxConnectionsPerIp">
/// <c>Chat:MaxConnectionsPerIp</c>; 0 = off. Without it one address could take every slot
/// of <c>MaxConnections</c> and lock everyone else out.
/// </param>
/// <param name="DeadPeerTimeout">
/// <c>Chat:DeadPeerTimeout</c>; zero = off. Without it a client whose network vanished
/// (no FIN, no RST ever comes) holds its connection and its name for ever.
/// </param>
internal sealed record ListenerOptions(
    IReadOnlyList<IPAddress> Addresses,
    IReadOnlyList<Door> Doors,
    TlsOptions? Tls,
    int MaxConnectionsPerIp,
    TimeSpan DeadPeerTimeout);
