using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>
/// How one kind of door puts the chat's events on its wire. A broadcast renders an event at
/// most once per kind and hands the same bytes to every recipient of that kind, so each
/// renderer has a small <see cref="Index"/> naming its slot in a broadcast's cache.
/// </summary>
public abstract class EventRenderer
{
    /// <summary>How many kinds of door one server can have.</summary>
    public const int MaxKinds = 4;

    protected EventRenderer(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxKinds);
        Index = index;
    }

    public int Index { get; }

    public abstract EncodedLine Render(in RoomMessage message);

    /// <summary>A message of the room's history, replayed to a member who joins; by default as it was said.</summary>
    public virtual EncodedLine RenderReplayed(in RoomMessage message) => message.RenderWith(this);

    /// <summary>What the members already in the room are told.</summary>
    public abstract EncodedLine Render(in MemberJoined joined);

    /// <summary>What the member who joined is told, before the room's history.</summary>
    public abstract EncodedLine RenderGreeting(in MemberJoined joined);

    public abstract EncodedLine Render(in MemberLeft left);

    /// <summary>The copy of <paramref name="message"/> for its recipient (<paramref name="toRecipient"/>) or its sender.</summary>
    public abstract EncodedLine Render(in PrivateMessage message, bool toRecipient);

    /// <summary>What goes before a room's history when it is replayed; empty for nothing.</summary>
    public abstract EncodedLine HistoryStart(string room);

    /// <summary>What goes after a room's history when it is replayed; empty for nothing.</summary>
    public abstract EncodedLine HistoryEnd(string room);
}
