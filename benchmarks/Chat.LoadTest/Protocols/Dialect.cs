using System.Buffers.Text;

namespace Chat.LoadTest.Protocols;

/// <summary>Which wire protocol a server speaks.</summary>
internal enum ProtocolKind
{
    /// <summary>PROTOCOL.md's line protocol (our server, the seed's servers).</summary>
    Chat,

    /// <summary>RFC 1459/2812 IRC (ngIRCd, InspIRCd).</summary>
    Irc,
}

/// <summary>What a line that is not a test message meant to the client.</summary>
internal enum LineMeaning
{
    Nothing,
    LoggedIn,
    Rejected,
    TooSlowNotice,
}

/// <summary>
/// How the tool speaks one protocol: what it sends to log in, how a test message is framed,
/// and what the server's other lines mean. A test message's text is the same on every
/// protocol: <c>|sender|sequence|sent-ticks|</c> padded with <c>x</c> to the payload size,
/// so one span parser reads deliveries from every server (no name, room, IRC prefix or
/// host mask ever holds a <c>|</c>).
/// </summary>
internal abstract class Dialect
{
    public const byte Marker = (byte)'|';

    public static Dialect For(ProtocolKind kind) => kind == ProtocolKind.Irc ? new IrcDialect() : new ChatDialect();

    public abstract ProtocolKind Kind { get; }

    /// <summary>What is sent right after connecting.</summary>
    public abstract byte[] Login(string name);

    /// <summary>
    /// Reads a line that carried no test message. <paramref name="reply"/> is set when the
    /// protocol requires an answer (IRC's PING, or its JOIN once registered).
    /// </summary>
    public abstract LineMeaning Interpret(ReadOnlySpan<byte> line, bool loggedIn, bool watchTooSlow, out byte[]? reply);

    protected abstract ReadOnlySpan<byte> MessagePrefix { get; }

    protected abstract ReadOnlySpan<byte> LineEnd { get; }

    /// <summary>The longest line <see cref="WriteMessage"/> writes for this payload.</summary>
    public int MaxMessageBytes(int payload) => MessagePrefix.Length + Math.Max(payload, 64) + LineEnd.Length;

    /// <summary>Writes one test message line; returns its length.</summary>
    public int WriteMessage(Span<byte> destination, int sender, int sequence, long sentTicks, int payload)
    {
        MessagePrefix.CopyTo(destination);
        int at = MessagePrefix.Length;
        int textStart = at;
        destination[at++] = Marker;
        Utf8Formatter.TryFormat(sender, destination[at..], out int written);
        at += written;
        destination[at++] = Marker;
        Utf8Formatter.TryFormat(sequence, destination[at..], out written);
        at += written;
        destination[at++] = Marker;
        Utf8Formatter.TryFormat(sentTicks, destination[at..], out written);
        at += written;
        destination[at++] = Marker;
        int padding = payload - (at - textStart);
        if (padding > 0)
        {
            destination.Slice(at, padding).Fill((byte)'x');
            at += padding;
        }
        LineEnd.CopyTo(destination[at..]);
        return at + LineEnd.Length;
    }

    /// <summary>
    /// Parses <c>sender|sequence|sent-ticks|</c>, the part of a test message after its first
    /// marker. False for anything else.
    /// </summary>
    public static bool TryParseMessage(ReadOnlySpan<byte> text, out int sender, out int sequence, out long sentTicks)
    {
        sequence = 0;
        sentTicks = 0;
        if (!Utf8Parser.TryParse(text, out sender, out int used) || used >= text.Length || text[used] != Marker)
        {
            return false;
        }
        text = text[(used + 1)..];
        if (!Utf8Parser.TryParse(text, out sequence, out used) || used >= text.Length || text[used] != Marker)
        {
            return false;
        }
        text = text[(used + 1)..];
        return Utf8Parser.TryParse(text, out sentTicks, out used) && used < text.Length && text[used] == Marker;
    }
}
