using System.Text;

namespace Chat.LoadTest.Protocols;

/// <summary>
/// IRC as the two anchors speak it: <c>NICK</c>/<c>USER</c>, wait for 001, <c>JOIN #lobby</c>,
/// wait for 366 (end of NAMES: the join is complete), then <c>PRIVMSG #lobby :text</c>.
/// Every <c>PING x</c> is answered with <c>PONG x</c>.
/// </summary>
internal sealed class IrcDialect : Dialect
{
    private static readonly byte[] Join = "JOIN #lobby\r\n"u8.ToArray();

    public override ProtocolKind Kind => ProtocolKind.Irc;

    public override byte[] Login(string name) => Encoding.ASCII.GetBytes($"NICK {name}\r\nUSER {name} 0 * :{name}\r\n");

    public override LineMeaning Interpret(ReadOnlySpan<byte> line, bool loggedIn, bool watchTooSlow, out byte[]? reply)
    {
        reply = null;
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (line.StartsWith("PING"u8))
        {
            reply = [.. "PONG"u8, .. line[4..], (byte)'\r', (byte)'\n'];
            return LineMeaning.Nothing;
        }
        if (loggedIn)
        {
            return LineMeaning.Nothing;
        }
        if (line.StartsWith("ERROR"u8))
        {
            return LineMeaning.Rejected;
        }
        // ":server 001 nick :Welcome ..." - skip the prefix, read the command.
        if (!line.IsEmpty && line[0] == (byte)':')
        {
            int space = line.IndexOf((byte)' ');
            if (space < 0)
            {
                return LineMeaning.Nothing;
            }
            line = line[(space + 1)..];
        }
        if (line.StartsWith("001 "u8))
        {
            reply = Join;
            return LineMeaning.Nothing;
        }
        if (line.StartsWith("366 "u8))
        {
            return LineMeaning.LoggedIn;
        }
        if (line.StartsWith("432 "u8) || line.StartsWith("433 "u8) || line.StartsWith("465 "u8))
        {
            return LineMeaning.Rejected; // erroneous or taken nick, banned
        }
        return LineMeaning.Nothing;
    }

    protected override ReadOnlySpan<byte> MessagePrefix => "PRIVMSG #lobby :"u8;

    protected override ReadOnlySpan<byte> LineEnd => "\r\n"u8;
}
