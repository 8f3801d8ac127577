namespace Chat.Host.Transport;

/// <summary>One kind of door on one port: what the accept loop wraps a socket in, and how it is announced.</summary>
/// <param name="PortKey">The setting its port comes from, named when the port cannot be bound.</param>
/// <param name="Port">0 = any free port.</param>
/// <param name="Tls">Whether a connection speaks TLS before the door's own protocol.</param>
/// <param name="Label">
/// What follows the address in the <c>Listening on</c> line: nothing for the plain line door
/// (scripts find its port by that exact line), <c>line+tls</c> for the line door over TLS.
/// <c>irc</c> for the IRC door; the web door will add its own.
/// </param>
/// <param name="Irc">Whether the door speaks IRC rather than the line protocol.</param>
internal sealed record Door(string PortKey, int Port, bool Tls, string? Label, bool Irc = false)
{
    public static Door Line(int port) => new("Port", port, Tls: false, Label: null);

    public static Door LineTls(int port) => new("TlsPort", port, Tls: true, Label: "line+tls");

    public static Door IrcPlain(int port) => new("IrcPort", port, Tls: false, Label: "irc", Irc: true);

    /// <summary>The line a script reads to learn where this door listens.</summary>
    public string ListeningLine(System.Net.EndPoint endPoint) =>
        Label is null ? $"Listening on {endPoint}" : $"Listening on {endPoint} ({Label})";
}
