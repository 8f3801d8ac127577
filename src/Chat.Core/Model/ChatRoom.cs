using System.Runtime.InteropServices;
using Chat.Core.Events;
using Chat.Core.History;

namespace Chat.Core.Model;

/// <summary>
/// A room: its members, its one order of messages and its history. Every event in the room is
/// handed to every member under the room's lock, so all members receive the room's events in
/// one and the same order (docs/PROTOCOL.md §2); handing over never waits (see
/// <see cref="Outbox"/>), and an event is rendered once per kind of door, so the lock is short.
/// Its messages are written behind to an <see cref="IHistoryStore"/> under its
/// <see cref="Skeleton"/>, which is how a room created again (after a restart, or after its
/// last member left) finds its history and its numbering.
/// </summary>
public sealed class ChatRoom
{
    private readonly List<ChatUser> _members = [];
    private readonly RoomHistory _history;
    private readonly IHistoryStore _store;
    private readonly Lock _gate = new();
    private long _sequence;

    /// <summary>
    /// A room with its stored <paramref name="tail"/>: the last <paramref name="historySize"/>
    /// messages become its history, and its numbering goes on after the last stored (or still
    /// queued) message.
    /// </summary>
    internal ChatRoom(string name, string skeleton, int historySize, IHistoryStore store, RoomTail tail)
    {
        Name = name;
        Skeleton = skeleton;
        _history = new RoomHistory(historySize);
        _store = store;
        _sequence = tail.LastSequence;
        IReadOnlyList<StoredMessage> stored = tail.Messages;
        for (int i = Math.Max(0, stored.Count - historySize); i < stored.Count; i++)
        {
            _history.Add(stored[i].ToRoomMessage());
        }
    }

    /// <summary>
    /// The name as spelled by whoever created the room, or, for a room with stored history, as
    /// it was last spelled there: a room found again by its look keeps its name.
    /// </summary>
    public string Name { get; }

    /// <summary>What the name looks like (<see cref="NameSkeleton"/>); also the room's key in the store.</summary>
    internal string Skeleton { get; }

    public int MemberCount
    {
        get { lock (_gate) { return _members.Count; } }
    }

    /// <inheritdoc cref="TryPost(in RoomMessage, ChatUser, out RoomMessage, out int)"/>
    public bool TryPost(in RoomMessage message, ChatUser sender, out RoomMessage posted) => TryPost(in message, sender, out posted, out _);

    /// <summary>
    /// Gives <paramref name="message"/> the room's next sequence number, hands it to the store,
    /// keeps it in history and hands it to every member but its sender, as
    /// <paramref name="posted"/>, to <paramref name="recipients"/> of them. False when the store's queue is full: then nothing happened,
    /// no number was taken, and the sender waits for <see cref="IHistoryStore.WaitForRoomAsync"/>
    /// and posts it again (so the disk slows the sender, never the room).
    /// </summary>
    /// <remarks>
    /// Appending under the lock, and numbering only what the store took, is what keeps every
    /// stored history a gap-free prefix of the room's one order.
    /// </remarks>
    public bool TryPost(in RoomMessage message, ChatUser sender, out RoomMessage posted, out int recipients)
    {
        lock (_gate)
        {
            RoomMessage sequenced = message with { Sequence = _sequence + 1 };
            if (!_store.TryAppend(StoredMessage.Of(in sequenced, Skeleton)))
            {
                posted = default;
                recipients = 0;
                return false;
            }
            _sequence++;
            _history.Add(sequenced);
            var renderings = new RenderCache();
            recipients = 0;
            foreach (ChatUser member in _members)
            {
                if (!ReferenceEquals(member, sender))
                {
                    member.Send(renderings.Get(member.Renderer, in sequenced));
                    recipients++;
                }
            }
            posted = sequenced;
            return true;
        }
    }

    public string[] MemberNames()
    {
        lock (_gate)
        {
            return _members.Select(m => m.Name).ToArray();
        }
    }

    /// <summary>
    /// Adds <paramref name="joins"/> in order, as if one after another: each newcomer first
    /// receives its greeting and the history, then the notices of those after it; the members
    /// already there receive every notice, all in one visit each, which is what makes a login
    /// storm affordable (a room of N hears N(N-1)/2 notices, and a visit is a few cache misses).
    /// </summary>
    internal void Add(ReadOnlySpan<RoomJoin> joins)
    {
        var events = new MemberJoined[joins.Length];
        for (int i = 0; i < joins.Length; i++)
        {
            events[i] = joins[i].Event;
        }
        var notices = new BatchRenderCache<MemberJoined>(events);
        lock (_gate)
        {
            foreach (ChatUser member in _members)
            {
                member.Send(notices.Get(member.Renderer));
            }
            for (int i = 0; i < joins.Length; i++)
            {
                ChatUser user = joins[i].User;
                EventRenderer renderer = user.Renderer;
                user.Send(renderer.RenderGreeting(in events[i]));
                if (_history.Count > 0)
                {
                    SendIfAny(user, renderer.HistoryStart(Name));
                    _history.ReplayTo(user);
                    SendIfAny(user, renderer.HistoryEnd(Name));
                }
                user.Send(notices.Get(renderer)[(i + 1)..]);
                _members.Add(user);
            }
        }
    }

    /// <summary>
    /// Removes the leaving users and tells those who stay, in one visit each, every event
    /// given (as if they had left one after another; a leaver hears of no other). Returns how
    /// many members are left.
    /// </summary>
    internal int Remove(ReadOnlySpan<RoomLeave> leaves)
    {
        var events = new List<MemberLeft>(leaves.Length);
        var leaving = new HashSet<ChatUser>(leaves.Length, ReferenceEqualityComparer.Instance);
        foreach ((ChatUser user, MemberLeft? left) in leaves)
        {
            leaving.Add(user);
            if (left is { } notice)
            {
                events.Add(notice);
            }
        }
        var notices = new BatchRenderCache<MemberLeft>(CollectionsMarshal.AsSpan(events));
        lock (_gate)
        {
            _members.RemoveAll(leaving.Contains);
            foreach (ChatUser member in _members)
            {
                member.Send(notices.Get(member.Renderer));
            }
            return _members.Count;
        }
    }

    private static void SendIfAny(ChatUser user, Protocol.EncodedLine line)
    {
        if (!line.IsEmpty)
        {
            user.Send(line);
        }
    }
}
