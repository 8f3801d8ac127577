using System.Text;
using Chat.Core.Events;

namespace Chat.Core.Protocol;

/// <summary>
/// The line protocol's door (docs/PROTOCOL.md): the chat's events as the lines telnet and nc
/// users read, with times in the server's local zone.
/// </summary>
public sealed class LineRenderer(TimeProvider clock) : EventRenderer(0)
{
    /// <summary>
    /// A room message said by a line user, already rendered for line users: its text is the
    /// tail of that rendering, so a broadcast to them costs one buffer.
    /// </summary>
    public RoomMessage Say(string room, long id, string sender, MessageKind kind, ReadOnlySpan<char> text)
    {
        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset local = Local(now);
        EncodedLine line = kind == MessageKind.Action
            ? LineFormatter.Action(local, room, sender, text)
            : LineFormatter.Message(local, room, sender, text);
        return new RoomMessage(room, 0, now, id, sender, kind, TextOf(line, text), new Rendering(this, line));
    }

    /// <summary>
    /// A private message from a line user, with the sender's copy (<c>[PM to bob]: text</c>),
    /// whose tail is the message's text.
    /// </summary>
    public PrivateMessage Tell(string from, string to, ReadOnlySpan<char> text, out EncodedLine senderCopy)
    {
        senderCopy = LineFormatter.Private("to", to, text);
        return new PrivateMessage(from, to, clock.GetUtcNow(), TextOf(senderCopy, text));
    }

    public override EncodedLine Render(in RoomMessage message) => message.Kind == MessageKind.Action
        ? LineFormatter.Action(Local(message.Time), message.Room, message.Sender, message.Text.Span)
        : LineFormatter.Message(Local(message.Time), message.Room, message.Sender, message.Text.Span);

    public override EncodedLine Render(in MemberJoined joined) => ServerText.Joined(joined.Name, joined.Room);

    public override EncodedLine RenderGreeting(in MemberJoined joined) =>
        joined.Login ? ServerText.Hello(joined.Name) : ServerText.JoinedRoom(joined.Room);

    public override EncodedLine Render(in MemberLeft left) => left.Reason switch
    {
        LeaveReason.TooSlow => ServerText.LeftTooSlow(left.Name),
        LeaveReason.Moved => ServerText.LeftTo(left.Name, left.To!),
        LeaveReason.Parted => ServerText.LeftRoom(left.Name, left.Room),
        _ => ServerText.LeftChat(left.Name),
    };

    public override EncodedLine Render(in PrivateMessage message, bool toRecipient) => toRecipient
        ? LineFormatter.Private("from", message.From, message.Text.Span)
        : LineFormatter.Private("to", message.To, message.Text.Span);

    public override EncodedLine HistoryStart(string room) => ServerText.HistoryStart;

    public override EncodedLine HistoryEnd(string room) => ServerText.HistoryEnd;

    /// <summary>The UTF-8 of <paramref name="text"/>, which <paramref name="line"/> ends with, before its LF.</summary>
    private static ReadOnlyMemory<byte> TextOf(EncodedLine line, ReadOnlySpan<char> text)
    {
        int textBytes = Encoding.UTF8.GetByteCount(text);
        return line.Memory.Slice(line.Length - 1 - textBytes, textBytes);
    }

    private DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, clock.LocalTimeZone);
}
