using System.Text;
using Chat.Core.Events;
using Chat.Core.Protocol;

namespace Chat.Core.Irc;

/// <summary>
/// The IRC door (docs/PROTOCOL.md, "The IRC door"): the chat's events as IRC messages. Room
/// <c>dev</c> is channel <c>#dev</c>; every user's mask is <c>nick!nick@server</c>, so no
/// address is shown.
/// </summary>
public sealed class IrcRenderer(TimeProvider clock, string serverName) : EventRenderer(1)
{
    private static readonly byte[] Privmsg = "PRIVMSG"u8.ToArray();
    private static readonly byte[] Notice = "NOTICE"u8.ToArray();

    /// <summary>The server's name: the source of its own messages.</summary>
    public string ServerName { get; } = serverName;

    /// <summary>A room message said by an IRC user, rendered for IRC users; its text is the tail of that rendering.</summary>
    internal RoomMessage Say(string room, long id, string sender, MessageKind kind, ReadOnlySpan<char> text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text.ToArray()); // the one copy; the rendering is made from it
        EncodedLine line = Format(sender, Privmsg, '#' + room, utf8, kind == MessageKind.Action, out int textAt);
        return new RoomMessage(room, 0, clock.GetUtcNow(), id, sender, kind, line.Memory.Slice(textAt, utf8.Length), new Rendering(this, line));
    }

    public override EncodedLine Render(in RoomMessage message) =>
        Format(message.Sender, Privmsg, '#' + message.Room, message.Text.Span, message.Kind == MessageKind.Action, out _);

    /// <summary>
    /// A replayed message: a NOTICE from the server to the channel with the time and the sender
    /// in its text, so no client mistakes history for what is said now.
    /// </summary>
    public override EncodedLine RenderReplayed(in RoomMessage message)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(message.Time, clock.LocalTimeZone);
        string said = message.Kind == MessageKind.Action ? $"* {message.Sender} " : $"<{message.Sender}> ";
        string head = $"[{local:yyyy-MM-dd HH:mm}] {said}";
        byte[] text = new byte[Encoding.UTF8.GetByteCount(head) + message.Text.Length];
        int written = Encoding.UTF8.GetBytes(head, text);
        message.Text.Span.CopyTo(text.AsSpan(written));
        return ServerNotice('#' + message.Room, text);
    }

    public override EncodedLine Render(in MemberJoined joined) => FromUser(joined.Name, $"JOIN #{joined.Room}");

    public override EncodedLine RenderGreeting(in MemberJoined joined) => Render(in joined);

    public override EncodedLine Render(in MemberLeft left) => left.Reason switch
    {
        LeaveReason.TooSlow => FromUser(left.Name, "QUIT :Too slow"),
        LeaveReason.Moved => FromUser(left.Name, $"PART #{left.Room} :Moved to #{left.To}"),
        LeaveReason.Parted => FromUser(left.Name, $"PART #{left.Room}"),
        _ => FromUser(left.Name, "QUIT :Quit"),
    };

    /// <summary>IRC clients show their own messages themselves: the sender's copy is nothing.</summary>
    public override EncodedLine Render(in PrivateMessage message, bool toRecipient) => toRecipient
        ? Format(message.From, Privmsg, message.To, message.Text.Span, action: false, out _)
        : default;

    public override EncodedLine HistoryStart(string room) => ServerNotice('#' + room, "Recent messages:"u8);

    public override EncodedLine HistoryEnd(string room) => ServerNotice('#' + room, "End of history"u8);

    /// <summary>A numeric reply to <paramref name="nick"/> (<c>*</c> before registration): <c>:server 001 nick text</c>.</summary>
    internal EncodedLine Numeric(string code, string nick, string text) => FromServer($"{code} {nick} {text}");

    /// <summary>What the server says before it closes the link.</summary>
    internal static EncodedLine Error(string reason) => EncodedLine.FromText($"ERROR :{reason}\r\n");

    /// <summary>A message from the server itself: <c>:server text</c>.</summary>
    internal EncodedLine FromServer(string text) => EncodedLine.FromText($":{ServerName} {text}\r\n");

    /// <summary>A message from a user: <c>:nick!nick@server text</c>.</summary>
    internal EncodedLine FromUser(string nick, string text) => EncodedLine.FromText($":{nick}!{nick}@{ServerName} {text}\r\n");

    private EncodedLine ServerNotice(string target, ReadOnlySpan<byte> text) => Format(null, Notice, target, text, action: false, out _);

    /// <summary>
    /// <c>:source COMMAND target :text</c> straight to UTF-8 in one buffer, the text as a CTCP
    /// ACTION when <paramref name="action"/>; <paramref name="textAt"/> is where the text starts.
    /// </summary>
    private EncodedLine Format(string? nick, byte[] command, string target, ReadOnlySpan<byte> text, bool action, out int textAt)
    {
        int nickBytes = nick is null ? 0 : Encoding.UTF8.GetByteCount(nick);
        int serverBytes = Encoding.UTF8.GetByteCount(ServerName);
        int targetBytes = Encoding.UTF8.GetByteCount(target);
        int length = 1 + (nick is null ? 0 : 2 * nickBytes + 2) + serverBytes + 1 + command.Length + 1 + targetBytes + 2
            + (action ? 8 : 0) + text.Length + (action ? 1 : 0) + 2;
        byte[] line = new byte[length];
        var writer = new SpanWriter(line);
        writer.Byte((byte)':');
        if (nick is not null)
        {
            writer.Text(nick);
            writer.Byte((byte)'!');
            writer.Text(nick);
            writer.Byte((byte)'@');
        }
        writer.Text(ServerName);
        writer.Byte((byte)' ');
        writer.Bytes(command);
        writer.Byte((byte)' ');
        writer.Text(target);
        writer.Bytes(" :"u8);
        if (action)
        {
            writer.Bytes("\u0001ACTION "u8);
        }
        textAt = writer.Position;
        writer.Bytes(text);
        if (action)
        {
            writer.Byte(1);
        }
        writer.Bytes("\r\n"u8);
        return new EncodedLine(line);
    }

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public void Byte(byte value) => _destination[Position++] = value;

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_destination[Position..]);
            Position += value.Length;
        }

        public void Text(string value) => Position += Encoding.UTF8.GetBytes(value, _destination[Position..]);
    }
}
