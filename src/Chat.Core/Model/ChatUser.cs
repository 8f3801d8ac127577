using Chat.Core.Events;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// A logged-in user: a unique name, the rooms it is in, the kind of door it came through
/// (which decides how events are rendered for it) and where its lines go.
/// </summary>
public sealed class ChatUser(string name, EventRenderer renderer, Outbox outbox)
{
    private ChatRoom[] _rooms = [];

    public string Name { get; } = name;

    public EventRenderer Renderer { get; } = renderer;

    /// <summary>
    /// The rooms it is in, in the order it joined them. A line user is in exactly one. The
    /// array is replaced, never changed, and only under <see cref="ChatDirectory"/>'s lock, so
    /// anyone may read it at any time.
    /// </summary>
    public IReadOnlyList<ChatRoom> Rooms => Volatile.Read(ref _rooms);

    /// <summary>What the name looks like (<see cref="NameSkeleton"/>), computed before the directory's lock is taken.</summary>
    internal string Skeleton { get; } = NameSkeleton.Of(name);

    public void Send(EncodedLine line) => outbox.TryEnqueue(line);

    /// <summary>Several lines in order, queued together.</summary>
    public void Send(ReadOnlySpan<EncodedLine> lines) => outbox.TryEnqueue(lines);

    internal bool IsIn(ChatRoom room) => Array.IndexOf(Volatile.Read(ref _rooms), room) >= 0;

    internal void Entered(ChatRoom room) => Volatile.Write(ref _rooms, [.. _rooms, room]);

    internal void Left(ChatRoom room) => Volatile.Write(ref _rooms, Array.FindAll(_rooms, r => !ReferenceEquals(r, room)));
}
