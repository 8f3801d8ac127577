using Chat.Core.Events;

namespace Chat.Core.Model;

/// <summary>
/// The last N messages of a room, oldest first: a ring of message values, each holding its
/// text and its first rendering, so keeping one copies nothing. Not thread-safe: its room's
/// lock guards it.
/// </summary>
internal sealed class RoomHistory(int capacity)
{
    private readonly RoomMessage[] _messages = new RoomMessage[capacity];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(in RoomMessage message)
    {
        if (_messages.Length == 0)
        {
            return;
        }
        _messages[_next] = message;
        _next = (_next + 1) % _messages.Length;
        _count = Math.Min(_count + 1, _messages.Length);
    }

    /// <summary>
    /// Hands every kept message, oldest first, to <paramref name="user"/>, rendered for its door.
    /// A message loaded from the store has no rendering yet: the first replay keeps the one it
    /// makes, so a restart costs one rendering per kept message, not one per join.
    /// </summary>
    public void ReplayTo(ChatUser user)
    {
        EventRenderer renderer = user.Renderer;
        int first = (_next - _count + _messages.Length) % Math.Max(_messages.Length, 1);
        for (int i = 0; i < _count; i++)
        {
            ref RoomMessage message = ref _messages[(first + i) % _messages.Length];
            if (message.Origin.Renderer is null)
            {
                message = message with { Origin = new Rendering(renderer, renderer.Render(in message)) };
            }
            user.Send(renderer.RenderReplayed(in message));
        }
    }
}
