using System.Net;

namespace Chat.Host;

/// <summary>Where the server listens: <c>Chat:Address</c> and <c>Chat:Port</c> (0 = any free port).</summary>
internal sealed record ListenEndpoint(IPAddress Address, int Port)
{
    public IPEndPoint ToIPEndPoint() => new(Address, Port);
}
