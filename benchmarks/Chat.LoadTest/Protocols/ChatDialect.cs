using System.Text;

namespace Chat.LoadTest.Protocols;

/// <summary>
/// PROTOCOL.md's line protocol, and the seed's dialects of it. The name is sent at once (a
/// typed-ahead line, as from nc); logged in is the greeting line, which is
/// <c>Hello, NAME!</c> from our server and the basic seed, <c>Welcome! Type /help</c> from the
/// rooms seed. The prompt has no LF, so it arrives glued to the front of that line.
/// </summary>
internal sealed class ChatDialect : Dialect
{
    public override ProtocolKind Kind => ProtocolKind.Chat;

    public override byte[] Login(string name) => Encoding.UTF8.GetBytes(name + "\n");

    public override LineMeaning Interpret(ReadOnlySpan<byte> line, bool loggedIn, bool watchTooSlow, out byte[]? reply)
    {
        reply = null;
        if (loggedIn)
        {
            // After login only a slow client's departure matters, and only in a run with one:
            // a connect storm's millions of join notices cost one branch each.
            return watchTooSlow && line.IndexOf("(too slow)"u8) >= 0 ? LineMeaning.TooSlowNotice : LineMeaning.Nothing;
        }
        if (line.IndexOf("Hello, "u8) >= 0 || line.IndexOf("Welcome! Type"u8) >= 0)
        {
            return LineMeaning.LoggedIn;
        }
        if (line.IndexOf("taken"u8) >= 0 || line.IndexOf("Invalid"u8) >= 0 || line.IndexOf("Server is full"u8) >= 0)
        {
            return LineMeaning.Rejected;
        }
        return LineMeaning.Nothing;
    }

    protected override ReadOnlySpan<byte> MessagePrefix => ""u8;

    protected override ReadOnlySpan<byte> LineEnd => "\n"u8;
}
