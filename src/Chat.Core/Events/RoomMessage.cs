using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>
/// A message or action said in a room: the event every door renders, the room's history
/// keeps and a store writes. A value, so keeping it in a ring or a queue allocates nothing.
/// </summary>
/// <param name="Room">The room's name as spelled by whoever created it.</param>
/// <param name="Sequence">Its place in the room's one order (1, 2, ...), assigned by the room; 0 until then.</param>
/// <param name="Time">When the server accepted it, UTC.</param>
/// <param name="Id">Unique among this server's messages, for doors that name messages.</param>
/// <param name="Text">
/// The cleaned text, UTF-8. When the message came from a door it is a slice of
/// <paramref name="Origin"/>'s bytes, so saying a line costs one buffer however it is rendered.
/// </param>
/// <param name="Origin">The rendering made by the door it was said on, if any.</param>
public readonly record struct RoomMessage(
    string Room,
    long Sequence,
    DateTimeOffset Time,
    long Id,
    string Sender,
    MessageKind Kind,
    ReadOnlyMemory<byte> Text,
    Rendering Origin) : IChatEvent
{
    public EncodedLine RenderWith(EventRenderer renderer) =>
        Origin.IsFor(renderer) ? Origin.Line : renderer.Render(in this);
}
