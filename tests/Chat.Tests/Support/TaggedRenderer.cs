using System.Text;
using Chat.Core.Events;
using Chat.Core.Protocol;

namespace Chat.Tests.Support;

/// <summary>
/// A second kind of door for tests: renders every event as one plain, parseable line and
/// counts how often it is asked to, so a test can tell how many renderings a broadcast made.
/// </summary>
internal sealed class TaggedRenderer() : EventRenderer(1)
{
    private int _renders;

    public int Renders => Volatile.Read(ref _renders);

    public override EncodedLine Render(in RoomMessage message) =>
        Line($"msg|{message.Room}|{message.Sequence}|{message.Sender}|{message.Kind}|{Encoding.UTF8.GetString(message.Text.Span)}");

    public override EncodedLine Render(in MemberJoined joined) => Line($"join|{joined.Room}|{joined.Name}");

    public override EncodedLine RenderGreeting(in MemberJoined joined) => Line($"welcome|{joined.Room}|{joined.Name}|{joined.Login}");

    public override EncodedLine Render(in MemberLeft left) => Line($"left|{left.Room}|{left.Name}|{left.Reason}|{left.To}");

    public override EncodedLine Render(in PrivateMessage message, bool toRecipient) =>
        Line($"pm|{message.From}|{message.To}|{toRecipient}|{Encoding.UTF8.GetString(message.Text.Span)}");

    public override EncodedLine HistoryStart(string room) => Line($"history|{room}");

    public override EncodedLine HistoryEnd(string room) => default;

    private EncodedLine Line(string text)
    {
        Interlocked.Increment(ref _renders);
        return EncodedLine.FromText(text + "\n");
    }
}
