using System.Net.Sockets;

namespace Chat.Host.Transport;

/// <summary>A bound, listening socket and the door it opens.</summary>
internal sealed record ListeningSocket(Socket Socket, Door Door);
