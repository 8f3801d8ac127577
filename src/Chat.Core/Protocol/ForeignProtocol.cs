using System.Buffers;

namespace Chat.Core.Protocol;

/// <summary>
/// Recognises clients that speak another protocol to the chat port (a browser, a TLS client),
/// so they get a clear answer and a prompt close instead of five "Invalid name" lines or a
/// minute-long login timeout.
/// </summary>
public static class ForeignProtocol
{
    private const byte TlsHandshakeRecord = 0x16;
    private const byte TlsMajorVersion = 0x03;

    private static readonly string[] HttpMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"];

    /// <summary>An HTTP request line: <c>GET /path HTTP/1.1</c>.</summary>
    public static bool IsHttpRequestLine(ReadOnlySpan<char> line)
    {
        int space = line.IndexOf(' ');
        return space > 0
            && HttpMethods.AsSpan().Contains(line[..space].ToString())
            && line.LastIndexOf(" HTTP/", StringComparison.Ordinal) > space;
    }

    /// <summary>The first bytes of a connection open a TLS handshake record (a ClientHello).</summary>
    public static bool IsTlsHandshake(in ReadOnlySequence<byte> start)
    {
        if (start.Length < 2)
        {
            return false;
        }
        Span<byte> head = stackalloc byte[2];
        start.Slice(0, 2).CopyTo(head);
        return head[0] == TlsHandshakeRecord && head[1] == TlsMajorVersion;
    }
}
